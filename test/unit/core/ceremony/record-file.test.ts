// The record kept in the data folder (records/<repository>/root-v<N>.html): written, replaced only
// when it is our own record of the same repository, never over a file we did not write; the
// record's words for a Sigstore key and a role RSTUF's online key signs (the review's, shared);
// and the PDF print: Chromium's sandbox stays on, as the user nobody when this runs as root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import { readDocument } from '../../../../shared/tuf/documents.js';
import { describeSigner, roleStanding, SIGNED_ONLINE, STANDING_BADGE, WAITS_FOR_ONLINE } from '../../../../shared/review/words.js';
import { ceremonyRecord } from '../../../../main/core/ceremony/record.js';
import { escapeText } from '../../../../main/core/ceremony/record-graph.js';
import { keepCeremonyRecord, recordFileName, recordFolderName } from '../../../../main/core/ceremony/record-file.js';
import { NOBODY, pdfLaunchPlan, printRecordToPdf } from '../../../../main/core/ceremony/record-pdf.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';
import { requireSystemDependency } from '../../../helpers/system-deps.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const FORMATS = join(REPO_ROOT, 'test/fixtures/formats');
const formats = (name: string) => JSON.parse(readFileSync(join(FORMATS, name), 'utf8')) as Record<string, any>;
const ceremony = () => readDocument(formats('ceremony-formats.json') as JsonValue);
/** The sign-pending fixture with its pending role renamed to fastapi, which the trusted targets delegate with no key ids. */
function onlineOnly() {
  const json = formats('sign-pending-formats.json');
  json.data.metadata.fastapi = json.data.metadata.advisories;
  delete json.data.metadata.advisories;
  return readDocument(json as JsonValue);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'record-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the record in the words of the review', () => {
  it('names a Sigstore key by identity and issuer as signing elsewhere, not as a key holder who may prove or sign here', () => {
    const { html, review } = ceremonyRecord(ceremony(), { audit: [], generatedAt: NOW, now: NOW.getTime() });
    const sigstore = review.roles[0]!.root!.keys.find((k) => k.signsElsewhere)!;
    expect(sigstore.signsElsewhere).toEqual({ identity: 'alice@example.org', issuer: 'https://github.com/login/oauth' });
    const row = html.split('\n').find((l) => l.includes(`<code>${sigstore.keyid}</code>`))!;
    expect(row).toContain(`<td>${escapeText(describeSigner(sigstore.signsElsewhere!))}</td>`);
    expect(row).toContain('signs elsewhere (online, not from this laptop)');
    expect(row).not.toContain('already trusted');
    // JimiHendrix and JanisJoplin can still sign here: the root waits for them, not for the online service.
    expect(html).toContain('<li>not yet fully signed</li>');
  });

  it('says a role whose delegation lists no key ids is signed by the online key, instead of "not yet fully signed"', () => {
    const { html, review } = ceremonyRecord(onlineOnly(), { audit: [], generatedAt: NOW, now: NOW.getTime() });
    expect(review.roles[0]!.role).toBe('fastapi');
    expect(html).toContain(`<li>${escapeText(SIGNED_ONLINE)}</li>`);
    expect(html).toContain(escapeText("lists no key ids, so RSTUF's online key signs this role; no offline key can sign it"));
    expect(html).not.toContain('not yet fully signed');
  });
});

describe('roleStanding: one reading of the engine count for Home, the review and the record', () => {
  const t = (over: object) => ({ met: false, missing: [] as unknown[], elsewhere: [] as unknown[], ...over });
  it('reads both the review model (key lists) and the app (signer states) the same way', () => {
    expect(roleStanding([t({ met: true })], true)).toBe('met');
    // Every threshold counted as met, but the engine says not met (a refused signature, a broken chain): never "met".
    expect(roleStanding([t({ met: true })], false)).toBe('waiting');
    expect(roleStanding([t({ onlineKeySigns: true })])).toBe('online');
    expect(roleStanding([t({ elsewhere: ['sigstore'] })])).toBe('elsewhere');
    expect(roleStanding([t({ missing: ['jimi'], elsewhere: ['sigstore'] })])).toBe('waiting');
    expect(roleStanding([{ met: false, signers: [{ state: 'valid' }, { state: 'elsewhere' }] }])).toBe('elsewhere');
    expect(roleStanding([{ met: false, signers: [{ state: 'missing' }, { state: 'elsewhere' }] }])).toBe('waiting');
    // A root update: the trusted root's threshold met, the new root's left to a Sigstore signer.
    expect(roleStanding([t({ met: true }), t({ elsewhere: ['sigstore'] })])).toBe('elsewhere');
    // Offline thresholds met, the rest the online key's: signed online, never "met" while verify says not met.
    expect(roleStanding([t({ met: true }), t({ onlineKeySigns: true })], false)).toBe('online');
    // No threshold known (the trusted root is missing): nothing is claimed beyond waiting.
    expect(roleStanding([])).toBe('waiting');
    expect(STANDING_BADGE).toEqual({ met: 'threshold met', online: SIGNED_ONLINE, elsewhere: WAITS_FOR_ONLINE, waiting: 'waiting for signatures' });
  });
});

describe('the record kept in the data folder', () => {
  const keep = (repository = 'https://rstuf.example.org') => keepCeremonyRecord(ceremony(), { recordsDir: join(dir, 'records'), repository, audit: [], generatedAt: NOW, now: NOW.getTime() });

  it('names the folder after the repository and the file after the root version', () => {
    expect(recordFolderName('https://rstuf.example.org/')).toBe('rstuf.example.org');
    expect(recordFolderName('../../etc')).toBe('___.._etc');
    expect(recordFolderName('ceremony payload.json')).toBe('ceremony_payload.json');
    expect(recordFileName('root', 2)).toBe('root-v2.html');
  });

  it('writes it, then replaces only its own record of the same repository', () => {
    const first = keep();
    expect(first).toMatchObject({ shownAs: 'records/rstuf.example.org/root-v1.html', fileName: 'root-v1.html', replaced: false });
    expect(readFileSync(first.path, 'utf8')).toBe(first.record.html);
    expect(first.record.html).toContain('(repository https://rstuf.example.org)');
    const second = keep();
    expect(second.replaced).toBe(true);
    expect(readdirSync(join(dir, 'records', 'rstuf.example.org'))).toEqual(['root-v1.html']);
  });

  it('keeps the record of another root under the same name (another ceremony with the same file name) and writes beside it', () => {
    const first = keep('ceremony-payload.json');
    const json = formats('ceremony-formats.json');
    json.metadata.root.signed.expires = '2030-01-01T00:00:00Z';
    const other = keepCeremonyRecord(readDocument(json as JsonValue), { recordsDir: join(dir, 'records'), repository: 'ceremony-payload.json', audit: [], generatedAt: NOW, now: NOW.getTime() });
    const sha = other.record.review.roles.find((r) => r.role === 'root')!.signedSha256;
    expect(other).toMatchObject({ fileName: `root-v1-${sha.slice(0, 12)}.html`, replaced: false });
    expect(readFileSync(first.path, 'utf8')).toBe(first.record.html);
    // Each root's next signature replaces its own record, never the other's.
    expect(keep('ceremony-payload.json')).toMatchObject({ fileName: 'root-v1.html', replaced: true });
    expect(readdirSync(join(dir, 'records', 'ceremony-payload.json')).sort()).toEqual(['root-v1.html', other.fileName].sort());
  });

  it('never replaces a file it did not write, nor the record of another repository in the same place', () => {
    const path = join(dir, 'records', 'rstuf.example.org', 'root-v1.html');
    mkdirSync(join(dir, 'records', 'rstuf.example.org'), { recursive: true });
    writeFileSync(path, '<html>the coordinator’s own notes</html>');
    expect(() => keep()).toThrow('records/rstuf.example.org/root-v1.html in the data folder is not a record rstuf-signer wrote, so it was left as it is');
    expect(readFileSync(path, 'utf8')).toBe('<html>the coordinator’s own notes</html>');

    rmSync(path);
    keep('http://rstuf.example.org');
    expect(() => keep('https://rstuf.example.org')).toThrow('is the record of another repository');

    rmSync(path);
    symlinkSync(join(dir, 'elsewhere.html'), path);
    expect(() => keep()).toThrow('is not a file');
    expect(existsSync(join(dir, 'elsewhere.html'))).toBe(false);
  });

  it('says a file in the way of the records folder, and refuses a document without a pending root', () => {
    writeFileSync(join(dir, 'records'), 'not a folder');
    expect(() => keep()).toThrow('cannot make the folder records/rstuf.example.org in the data folder (a file is in the way)');
    expect(() => keepCeremonyRecord(onlineOnly(), { recordsDir: join(dir, 'r'), repository: 'x', source: 'fastapi.json', audit: [], generatedAt: NOW })).toThrow('fastapi.json holds no pending root');
  });
});

describe('printing the record to PDF', () => {
  const paths = { pageUrl: 'file:///tmp/x/record.html', pdfPath: '/tmp/x/chromium/record.pdf', profileDir: '/tmp/x/chromium/profile' };
  it('keeps Chromium’s sandbox on: as root it starts Chromium as nobody, never with --no-sandbox', () => {
    const asRoot = pdfLaunchPlan(0, paths);
    expect(asRoot.runAs).toEqual(NOBODY);
    expect(asRoot.args).not.toContain('--no-sandbox');
    expect(asRoot.args).toContain('--proxy-server=127.0.0.1:9');
    const asUser = pdfLaunchPlan(1000, paths);
    expect(asUser.runAs).toBeUndefined();
    expect(asUser.args).toEqual(asRoot.args);
    expect(asUser.args.at(-1)).toBe(paths.pageUrl);
  });

  const hasChromium = requireSystemDependency('Chromium', existsSync('/usr/bin/chromium'), 'apt-get install chromium');
  const hasPoppler = requireSystemDependency('pdftoppm and pdftotext', spawnSync('sh', ['-c', 'command -v pdftoppm && command -v pdftotext']).status === 0, 'apt-get install poppler-utils');
  it.runIf(hasChromium && hasPoppler)('prints for real (as this user, nobody when it is root) pages that carry the record', () => {
    const { html, review } = ceremonyRecord(ceremony(), { audit: [], generatedAt: NOW, now: NOW.getTime() });
    const pdf = join(dir, 'record.pdf');
    printRecordToPdf(html, pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Ceremony record: RSTUF bootstrap (ceremony)');
    expect(text).toContain(review.roles[0]!.signedSha256.slice(0, 16).match(/.{4}/g)!.join(' '));
    expect(text).toContain('alice@example.org');
    expect(spawnSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', pdf, join(dir, 'page')]).status).toBe(0);
    expect(readdirSync(dir).some((f) => /^page-0?1\.png$/.test(f))).toBe(true);
    // Never over a file already there unless asked.
    expect(() => printRecordToPdf(html, pdf)).toThrow('already exists');
  });
});
