// rstuf-signer record after a two-holder bootstrap: Jimi proves his key and signs on the
// coordinator's laptop, Janis signs on her own (no proof); the record names the fingerprint, both
// keys with their proofs, both signatures (one "signed elsewhere"), the trust graph and witness
// lines, in the review's words; --pdf prints it with Chromium. With pdftoppm installed the PDF's
// pages are also turned into PNGs (docs/screenshots/record-*.png with UPDATE_SCREENSHOTS=1).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText } from '../../main/core/ceremony/record-graph.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD, REPO_ROOT } from '../helpers/fixtures.js';
import { requireSystemDependency } from '../helpers/system-deps.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const ONLINE = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
let dir: string;
let signOutput = '';
const path = (...p: string[]): string => join(dir, ...p);
const as = (home: string) => (...args: string[]) => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: path(home) } });
const coordinator = as('coordinator-home');
const janis = as('janis-home');
const hasChromium = requireSystemDependency('Chromium', existsSync('/usr/bin/chromium'), 'apt-get install chromium');

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'record-cli-'));
  mkdirSync(path('keys'));
  copyFileSync(cliFixture('JH.pub'), path('keys', 'jh.pub'));
  copyFileSync(cliFixture('JJ.pub'), path('keys', 'jj.pub'));
  copyFileSync(cliFixture(`${ONLINE}.pub`), path('keys', 'online.pub'));
  copyFileSync(cliFixture('JH.ed25519'), path('jimi.key'));
  copyFileSync(cliFixture('JJ.ecdsa'), path('janis.key'));
  writeFileSync(path('pw'), FIXTURE_PASSWORD);
  const config = {
    expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
    bins: 16,
    root: { threshold: 2, keys: [{ file: 'keys/jh.pub', name: 'Jimi Hendrix' }, { file: 'keys/jj.pub', name: 'Janis Joplin' }] },
    online_key: { file: 'keys/online.pub', name: 'Online Key', uri: `fn:${ONLINE}` },
  };
  writeFileSync(path('ceremony.json'), JSON.stringify(config));
  const steps = [
    coordinator('ceremony', '--config', 'ceremony.json', '--out', 'bundle'),
    coordinator('prove', 'challenge', 'bundle', '--repository', 'https://rstuf.example.org', '--out', 'challenges'),
  ];
  const jimiChallenge = readdirSync(path('challenges')).find((f) => f.includes('Jimi')) as string;
  steps.push(
    as('jimi-home')('prove', '--challenge', join('challenges', jimiChallenge), '--key', 'jimi.key', '--passphrase-file', 'pw', '--out', 'jimi-proof.json'),
    coordinator('prove', 'import', 'jimi-proof.json', '--for', 'bundle'),
    coordinator('sign', 'bundle', '--key', 'jimi.key', '--passphrase-file', 'pw'),
    janis('sign', 'bundle', '--key', 'janis.key', '--passphrase-file', 'pw'),
  );
  for (const s of steps) expect(s.code, s.stderr).toBe(0);
  signOutput = steps[4]!.stdout;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rstuf-signer record', () => {
  it('writes an HTML record with fingerprint, keys and proofs, thresholds, signatures, graph and witness lines, in the review words', () => {
    const r = coordinator('record', 'bundle', '--out', 'record.html', '--witnesses', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote the ceremony record record.html \(sha256 [0-9a-f]{64}\)/);
    expect(r.stdout).toContain('root v1: fully signed; 2 signatures listed');
    const html = readFileSync(path('record.html'), 'utf8');
    const review = JSON.parse(coordinator('inspect', 'bundle', '--json').stdout).roles[0];

    expect(html).toContain(`<code>${review.signedSha256}</code>`);
    expect(html).toContain(review.signedSha256.slice(0, 16).match(/.{4}/g).join(' '));
    const today = new Date().toISOString().slice(0, 10);
    expect(html).toMatch(new RegExp(`<td>Jimi Hendrix</td><td><code>[0-9a-f]{64}</code></td><td>ed25519</td><td>root</td><td>proved by signing on ${today} \\(key file jimi.key\\)</td>`));
    expect(html).toMatch(/<td>Janis Joplin<\/td>.*<td class="warn">not proved<\/td>/);
    expect(html).toContain('<li>root: 2 of Jimi Hendrix, Janis Joplin</li>');
    // Each signature: who, when, with what; Janis signed on her own laptop.
    expect(html).toMatch(new RegExp(`<td>Jimi Hendrix <code class="short">[0-9a-f]{8}</code></td><td>${today}T[0-9:.]+Z</td><td>key file jimi.key</td>`));
    expect(html).toMatch(/<td>Janis Joplin <code class="short">[0-9a-f]{8}<\/code><\/td><td>not recorded on this laptop<\/td><td>signed elsewhere \(not recorded in this audit log\)<\/td>/);
    // The review's own sentences, every one of them.
    for (const line of review.signatures.lines) expect(html).toContain(escapeText(line));
    for (const w of review.warnings) expect(html).toContain(escapeText(w.message));
    const text = coordinator('inspect', 'bundle').stdout.split('\n');
    const roleLines = text.slice(text.indexOf('  Roles in this root:') + 1).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('    ')));
    expect(roleLines.length).toBeGreaterThanOrEqual(5);
    for (const line of roleLines) expect(html).toContain(`<li>${escapeText(line.trim())}</li>`);
    expect(review.warnings.map((w: { code: string }) => w.code)).toContain('key-not-proved');
    // The trust graph, the online key drawn as such, and two witness lines.
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('Online Key — online key');
    expect(html.match(/<tr><td>Name<\/td>/g)).toHaveLength(2);
    // Inert: nothing to run, nothing to load.
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html).toContain("default-src 'none'");
    // Never overwritten without --force.
    expect(coordinator('record', 'bundle', '--out', 'record.html').code).toBe(1);
  });

  it('is kept in the data folder after each signature of the root: `sign` says where, `record DIR` rewrites that same file', () => {
    const kept = path('coordinator-home', 'records', 'bundle', 'root-v1.html');
    expect(signOutput).toContain(`Record updated: ${kept}`);
    // Jimi's signature, as the coordinator's audit log has it; Janis's made on her own laptop.
    const [entry] = JSON.parse(coordinator('audit', '--json').stdout);
    const afterSign = readFileSync(kept, 'utf8');
    expect(afterSign).toContain(`<td>Jimi Hendrix <code class="short">${entry.keyid.slice(0, 8)}</code></td><td>${entry.time}</td><td>key file jimi.key</td>`);
    expect(readFileSync(path('janis-home', 'records', 'bundle', 'root-v1.html'), 'utf8')).toContain('<td>key file janis.key</td>');

    const r = coordinator('record', 'bundle');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Updated the ceremony record ${kept.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(sha256 [0-9a-f]{64}\\)`));
    expect(r.stdout).toContain('root v1: fully signed; 2 signatures listed');
    const html = readFileSync(kept, 'utf8');
    expect(html).toContain('<li>fully signed</li>');
    expect(html).toContain(`<td>${entry.time}</td><td>key file jimi.key</td>`);
    // The bundle's document file gives the same record of the same signatures.
    const name = readdirSync(path('bundle')).find((f) => f.endsWith('.json') && f !== 'manifest.json') as string;
    expect(coordinator('record', join('bundle', name), '--out', 'from-file.html').code).toBe(0);
    const fromFile = readFileSync(path('from-file.html'), 'utf8');
    const section = (text: string) => text.slice(text.indexOf('<h3>Signatures</h3>'), text.indexOf('<section class="witnesses">'));
    expect(section(fromFile)).toBe(section(html));
  });

  it('a second signature on the same laptop rewrites the record; a record that cannot be written leaves the signature and says so', () => {
    const solo = as('solo-home');
    expect(solo('ceremony', '--config', 'ceremony.json', '--out', 'solo-bundle').code).toBe(0);
    const kept = path('solo-home', 'records', 'solo-bundle', 'root-v1.html');
    const first = solo('sign', 'solo-bundle', '--key', 'jimi.key', '--passphrase-file', 'pw');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Record updated: ${kept}`);
    expect(readFileSync(kept, 'utf8')).toContain('<li>not yet fully signed</li>');
    const second = solo('sign', 'solo-bundle', '--key', 'janis.key', '--passphrase-file', 'pw');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`Record updated: ${kept}`);
    const rewritten = readFileSync(kept, 'utf8');
    expect(rewritten).toContain('<li>fully signed</li>');
    const entries = JSON.parse(solo('audit', '--json').stdout);
    expect(entries.map((e: { keyName: string }) => e.keyName).sort()).toEqual(['Janis Joplin', 'Jimi Hendrix']);
    for (const e of entries) expect(rewritten).toContain(`<td>${e.time}</td><td>key file ${e.keyName.startsWith('Jimi') ? 'jimi' : 'janis'}.key</td>`);

    // A file where the records folder goes: the signature is written and logged all the same.
    const blocked = as('blocked-home');
    expect(blocked('ceremony', '--config', 'ceremony.json', '--out', 'blocked-bundle').code).toBe(0);
    mkdirSync(path('blocked-home'), { recursive: true });
    writeFileSync(path('blocked-home', 'records'), 'not a folder');
    const r = blocked('sign', 'blocked-bundle', '--key', 'jimi.key', '--passphrase-file', 'pw');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('rstuf-signer: warning: the signature stands, but its ceremony record was not updated: cannot make the folder records/blocked-bundle in the data folder (a file is in the way)');
    expect(r.stdout).not.toContain('Record updated');
    expect(JSON.parse(blocked('inspect', 'blocked-bundle', '--json').stdout).roles[0].signatures.valid).toHaveLength(1);
    expect(JSON.parse(blocked('audit', '--json').stdout)).toHaveLength(1);
  });

  it('writes no record when the signed output cannot be written: a record never lists a signature no file holds', () => {
    const late = as('late-home');
    expect(late('ceremony', '--config', 'ceremony.json', '--out', 'late-bundle').code).toBe(0);
    const name = readdirSync(path('late-bundle')).find((f) => f.endsWith('.json') && f !== 'manifest.json') as string;
    writeFileSync(path('taken.json'), 'an earlier file, not to be lost');
    const r = late('sign', join('late-bundle', name), '--key', 'jimi.key', '--passphrase-file', 'pw', '--out', 'taken.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('taken.json already exists');
    expect(readFileSync(path('taken.json'), 'utf8')).toBe('an earlier file, not to be lost');
    expect(existsSync(path('late-home', 'records'))).toBe(false);
  });

  it.skipIf(!hasChromium)('--pdf prints it with Chromium; pdftoppm turns the pages into PNGs when installed', () => {
    const r = coordinator('record', 'bundle', '--out', 'record2.html', '--pdf', 'record.pdf');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pdf = readFileSync(path('record.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);

    // Docs only: not a CI dependency (the PNGs in docs/screenshots are made with UPDATE_SCREENSHOTS=1).
    if (spawnSync('sh', ['-c', 'command -v pdftoppm']).status !== 0) return;
    const outDir = join(REPO_ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');
    mkdirSync(outDir, { recursive: true });
    const png = spawnSync('pdftoppm', ['-png', '-r', '80', path('record.pdf'), path('page')]);
    expect(png.status).toBe(0);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((p, i) => copyFileSync(path(p), join(outDir, `record-${i + 1}.png`)));
  });
});
