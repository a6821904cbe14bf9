// One key in two spellings, through the CLI (the engine-level suite is
// test/unit/core/tuf/key-spellings.test.ts): a bootstrap that lists JH's key a second time (ed25519
// hex in upper case, its own correct key id, named like another holder) is a danger in `inspect`,
// 1 of 2 in `verify` even with JH's signature filed under both ids, and `sign` refuses it in one
// line naming both key ids, after showing the danger and before any passphrase is used. And
// `rstuf-signer update` adding a root key that the trusted root already lists in another spelling
// (a root written by another tool): the key file is read and re-spelled the securesystemslib way,
// so its key id differs from the one in the root; the ceremony rules must still see one key.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import type { RootMetadata, TufKey, TufRootSigned } from '../../shared/tuf/types.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { fixtureKey, freshKey, signWith, type TestKey } from '../helpers/review-keys.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';
import { JH } from '../interop/foundation-fixtures.js';

let dir: string;
const cli = (...args: string[]): CliResult => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: join(dir, 'home'), HOME: join(dir, 'home'), XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' } });

const inAYear = (): string => new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A trusted root v1 listing Al and `holder` (spelled by `spell`, under that spelling's key id), threshold 2, signed by both. */
async function trustedRootWith(holder: TestKey, spell: (k: TufKey) => TufKey, file: string): Promise<string> {
  const al = freshKey('Al');
  const online = freshKey('Online Key');
  online.key['x-rstuf-online-key-uri'] = `fn:${online.keyid}`;
  const respelled: TufKey = { ...spell(holder.key), 'x-rstuf-key-name': String(holder.key['x-rstuf-key-name']) };
  const respelledId = computeKeyId(respelled);
  expect(respelledId).not.toBe(holder.keyid);
  const o = { keyids: [online.keyid], threshold: 1 };
  const signed: TufRootSigned = {
    _type: 'root',
    spec_version: '1.0.31',
    version: 1,
    expires: inAYear(),
    consistent_snapshot: true,
    keys: { [al.keyid]: al.key, [respelledId]: respelled, [online.keyid]: online.key },
    roles: { root: { keyids: [al.keyid, respelledId], threshold: 2 }, timestamp: { ...o }, snapshot: { ...o }, targets: { ...o } },
  };
  const md = await signWith(signed, [al, { ...holder, keyid: respelledId, key: respelled }]);
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(md, null, 2));
  return path;
}

function changes(name: string, keyFile: string, keyName: string): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ root: { add: [{ file: keyFile, name: keyName }] } }, null, 2));
  return path;
}

let passFile: string;
beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'key-spellings-cli-'));
  passFile = join(dir, 'hunter2.txt');
  writeFileSync(passFile, `${FIXTURE_PASSWORD}\n`);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rstuf-signer update: a "new" root key that the trusted root lists in another spelling', () => {
  it.each([
    ['JH.ed25519', 'JH.pub', 'ed25519 hex in upper case', (k: TufKey): TufKey => ({ keytype: k.keytype, scheme: k.scheme, keyval: { public: k.keyval.public.toUpperCase() } })],
    ['JJ.ecdsa', 'JJ.pub', 'PEM with CRLF line endings, no final newline', (k: TufKey): TufKey => ({ keytype: k.keytype, scheme: k.scheme, keyval: { public: k.keyval.public.replace(/\n/g, '\r\n').trimEnd() } })],
  ] as const)('%s (%s) listed in the trusted root spelled otherwise (%s): adding it is refused with no-duplicate-keys, and nothing is written', async (privateFile, publicFile, _what, spell) => {
    const holder = fixtureKey(privateFile, privateFile === 'JH.ed25519' ? "JimiHendrix's Key" : "JanisJoplin's Key");
    const root = await trustedRootWith(holder, spell, `${publicFile}.root.json`);
    const out = join(dir, `${publicFile}-update`);
    const r = cli('update', '--trusted-root', root, '--config', changes(`${publicFile}.changes.json`, cliFixture(publicFile), 'New laptop key'), '--out', out);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain('[no-duplicate-keys]');
    expect(r.stderr).toContain('root.add[0]');
    expect(r.stdout).not.toContain('Wrote the root update payload');
  });

  it('a key the trusted root does not list (JC.pub) is added (the control)', async () => {
    const holder = fixtureKey('JH.ed25519', "JimiHendrix's Key");
    const root = await trustedRootWith(holder, (k) => ({ keytype: k.keytype, scheme: k.scheme, keyval: { public: k.keyval.public.toUpperCase() } }), 'control.root.json');
    const r = cli('update', '--trusted-root', root, '--config', changes('control.changes.json', cliFixture('JC.pub'), "JoeCocker's Key"), '--out', join(dir, 'control-update'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('root key added');
  });
});

describe('a bootstrap listing JH\'s key twice (once in upper-case hex, named "Cy")', () => {
  type Ceremony = { settings: unknown; metadata: { root: RootMetadata }; timeout: number };
  const upper = (k: TufKey): TufKey => ({ keytype: k.keytype, scheme: k.scheme, keyval: { public: k.keyval.public.toUpperCase() }, 'x-rstuf-key-name': 'Cy' });

  /** RSTUF's ceremony.json with JH listed again, threshold 2 of [JH, JJ, JH again]; signed by JH under both ids, or not at all. */
  async function bootstrapWithJhTwice(name: string, signed: boolean): Promise<{ file: string; twinId: string }> {
    const c = readFixtureJson<Ceremony>(cliFixture('ceremony.json'));
    const root = c.metadata.root.signed;
    const twin = upper(root.keys[JH] as TufKey);
    const twinId = computeKeyId(twin);
    root.keys[twinId] = twin;
    root.roles.root!.keyids.push(twinId);
    c.metadata.root.signatures = [];
    if (signed) {
      const jh = fixtureKey('JH.ed25519', "JimiHendrix's Key");
      const sig = Buffer.from(await jh.signer.sign(canonicalBytes(root))).toString('hex');
      c.metadata.root.signatures = [{ keyid: JH, sig }, { keyid: twinId, sig }];
    }
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(c, null, 2));
    return { file, twinId };
  }

  it('`inspect --json` shows a duplicate-keys danger naming both key ids and both names', async () => {
    const { file, twinId } = await bootstrapWithJhTwice('jh-twice.json', false);
    const r = cli('inspect', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const dup = JSON.parse(r.stdout).roles[0].warnings.filter((w: { code: string }) => w.code === 'duplicate-keys');
    expect(dup).toHaveLength(1);
    expect(dup[0].level).toBe('danger');
    for (const part of [JH, twinId, "JimiHendrix's Key", 'Cy']) expect(dup[0].message).toContain(part);
  });

  it('`verify` counts JH\'s one signature (filed under both ids) once: 1 of 2, exit 1', async () => {
    const { file } = await bootstrapWithJhTwice('jh-twice-signed.json', true);
    const r = cli('verify', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/root v1: 1 of 2 required signatures/);
  });

  it('`sign --key JH.ed25519` shows the danger, then refuses in one line naming both key ids; nothing written, nothing in the audit log', async () => {
    const { file, twinId } = await bootstrapWithJhTwice('jh-twice-sign.json', false);
    const r = cli('sign', file, '--key', cliFixture('JH.ed25519'), '--passphrase-file', passFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}DANGER \[duplicate-keys\] /m);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(JH);
    expect(lines[0]).toContain(twinId);
    expect(existsSync(join(dir, 'jh-twice-sign-signed.json'))).toBe(false);
    const audit = cli('audit', '--json');
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toEqual([]);
    // The file itself is untouched.
    expect(JSON.parse(readFileSync(file, 'utf8')).metadata.root.signatures).toEqual([]);
  });
});
