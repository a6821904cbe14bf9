// `rstuf-signer sign | verify | inspect` on RSTUF's own files, run as the built binary.
// (npm test builds first; run alone, ensureCliBuilt() recompiles a stale out/.)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from '../../shared/tuf/canonical.js';
import { parseStrictJson } from '../../shared/json/strict-json.js';
import type { RootMetadata, TufKey, TufMetadata } from '../../shared/tuf/types.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { readPublicKeyFile } from '../../main/core/keys/public-key-file.js';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { pythonSslibAvailable, runPython, toB64 } from '../helpers/python-sslib.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';
import { JC, JH, JJ } from '../interop/foundation-fixtures.js';


let dir: string;
let passFile: string;
/** Runs the CLI in `dir` with an empty signer home, so no pinned root on this machine interferes. */
const cli = (...args: string[]): CliResult => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: join(dir, 'home') } });
const json = <T = any>(name: string): T => parseStrictJson(readFileSync(join(dir, name), 'utf8')) as T;
const write = (name: string, value: unknown): string => {
  writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  return join(dir, name);
};
const keyArgs = (file: string): string[] => ['--key', cliFixture(file), '--passphrase-file', passFile];

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'foundation-sign-'));
  passFile = join(dir, 'hunter2.txt');
  writeFileSync(passFile, `${FIXTURE_PASSWORD}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RSTUF sign.json reproduced', () => {
  it('signing the pending root of sign_pending_roles.json with JH.ed25519 gives sign.json (default name sign-payload.json)', () => {
    const r = cli('sign', cliFixture('sign_pending_roles.json'), ...keyArgs('JH.ed25519'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Signed root v2 with JimiHendrix's Key .*wrote sign-payload\.json/);
    // Now both thresholds are met: trusted root v1 (JH + JJ) and new root v2 (JJ + JC).
    expect(r.stdout).toMatch(/trusted root v1: 2 of 2 required signatures \(met\)/);
    expect(r.stdout).toContain('fully signed');

    const ours = json('sign-payload.json');
    const theirs = readFixtureJson(cliFixture('sign.json'));
    expect(ours).toEqual({ role: 'root', signature: { keyid: JH, sig: theirs.signature.sig } });
    // RSTUF's sign.json has hand-edited whitespace ("signature":         {), so the files cannot
    // be equal byte for byte; the canonical forms (what the API parses) are.
    expect(canonicalize(ours)).toBe(canonicalize(theirs));
    expect(readFileSync(join(dir, 'sign-payload.json'), 'utf8')).toBe(`${JSON.stringify(ours, null, 2)}`);
  });

  it('refuses to overwrite sign-payload.json without --force, and replaces it with --force', () => {
    const before = readFileSync(join(dir, 'sign-payload.json'), 'utf8');
    writeFileSync(join(dir, 'sign-payload.json'), 'precious');
    const r = cli('sign', cliFixture('sign_pending_roles.json'), ...keyArgs('JH.ed25519'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rstuf-signer: sign-payload.json already exists; choose another name with --out or pass --force to replace it\n');
    expect(readFileSync(join(dir, 'sign-payload.json'), 'utf8')).toBe('precious');
    expect(cli('sign', cliFixture('sign_pending_roles.json'), ...keyArgs('JH.ed25519'), '--force').code).toBe(0);
    expect(readFileSync(join(dir, 'sign-payload.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('a key that already signed is refused (JJ has signed the pending root v2)', () => {
    const r = cli('sign', cliFixture('sign_pending_roles.json'), ...keyArgs('JJ.ecdsa'), '--out', 'jj-again.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rstuf-signer: JanisJoplin's Key has already signed root v2; .*\n$/);
    expect(readdirSync(dir)).not.toContain('jj-again.json');
  });
});

describe('PBES1 keys (JJ.ecdsa, JC.rsa) and the traditional PEM key (hsm-9c.ecdsa) sign through the CLI', () => {
  const hasPython = pythonSslibAvailable();

  it('JJ.ecdsa signs the pending root once its earlier signature is removed; securesystemslib verifies', () => {
    const pending = readFixtureJson(cliFixture('sign_pending_roles.json'));
    const root = pending.data.metadata.root as RootMetadata;
    root.signatures = root.signatures.filter((s) => s.keyid !== JJ);
    const input = write('pending-without-jj.json', pending);
    const r = cli('sign', input, ...keyArgs('JJ.ecdsa'), '--out', 'jj-payload.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const payload = json('jj-payload.json');
    expect(payload.signature.keyid).toBe(JJ);
    const key = root.signed.keys[JJ] as TufKey;
    const data = canonicalBytes(root.signed);
    expect(verifySignature(key, payload.signature.sig, data)).toBe(true);
    if (hasPython) expect(runPython([{ op: 'verify', keyid: JJ, key, sig: payload.signature.sig, data_b64: toB64(data) }])).toEqual([{ ok: true }]);
  });

  it('JC.rsa signs bare root v2 (v2.json) with --trusted-root v1.json, written as v2-signed.json; then JH completes it', () => {
    const r = cli('sign', cliFixture('v2.json'), ...keyArgs('JC.rsa'), '--trusted-root', cliFixture('v1.json'), '--out', 'v2-signed.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/new root v2: 2 of 2 required signatures \(met\)/);
    expect(r.stdout).toMatch(/trusted root v1: 1 of 2 required signatures .*missing 1 of: JimiHendrix's Key/);
    const signed = json<RootMetadata>('v2-signed.json');
    const original = readFixtureJson<RootMetadata>(cliFixture('v2.json'));
    // Only a signature was added: same signed part, earlier signatures kept.
    expect(signed.signed).toEqual(original.signed);
    expect(signed.signatures.slice(0, 1)).toEqual(original.signatures);
    const jc = signed.signatures.find((s) => s.keyid === JC) as { sig: string };
    const data = canonicalBytes(signed.signed);
    const key = signed.signed.keys[JC] as TufKey;
    expect(key.scheme).toBe('rsassa-pss-sha256');
    if (hasPython) expect(runPython([{ op: 'verify', keyid: JC, key, sig: jc.sig, data_b64: toB64(data) }])).toEqual([{ ok: true }]);

    expect(cli('verify', 'v2-signed.json', '--trusted-root', cliFixture('v1.json')).code).toBe(1);
    const done = cli('sign', 'v2-signed.json', ...keyArgs('JH.ed25519'), '--trusted-root', cliFixture('v1.json'), '--out', 'v2-complete.json');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('fully signed');
    expect(cli('verify', 'v2-complete.json', '--trusted-root', cliFixture('v1.json')).code).toBe(0);
  });

  it('hsm-9c.ecdsa signs a root that authorizes the key from hsm-9c-ecc.crt (named by its CN)', () => {
    const cert = readPublicKeyFile(cliFixture('hsm-9c-ecc.crt'));
    const ceremony = readFixtureJson(cliFixture('ceremony.json'));
    const root = ceremony.metadata.root as RootMetadata;
    root.signatures = [];
    root.signed.keys[cert.keyid] = { ...cert.key, 'x-rstuf-key-name': cert.suggestedName };
    root.signed.roles.root = { keyids: [cert.keyid], threshold: 1 };
    const input = write('hsm-ceremony.json', ceremony);
    const r = cli('sign', input, ...keyArgs('hsm-9c.ecdsa'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Signed root v1 with YubiKey 9c PIV Test .*wrote hsm-ceremony-signed\.json/);
    const out = json('hsm-ceremony-signed.json');
    // The bootstrap payload keeps its settings and timeout; only the signature is new.
    expect(out.settings).toEqual(ceremony.settings);
    expect(out.timeout).toBe(ceremony.timeout);
    const sig = out.metadata.root.signatures[0];
    if (hasPython) {
      expect(runPython([{ op: 'verify', keyid: cert.keyid, key: cert.key, sig: sig.sig, data_b64: toB64(canonicalBytes(out.metadata.root.signed)) }])).toEqual([{ ok: true }]);
    }
    expect(cli('verify', 'hsm-ceremony-signed.json').code).toBe(0);
  });
});

describe('--trusted-root: a key only the old root authorizes', () => {
  let unsignedByJh: string;
  beforeAll(() => {
    // update.json without JH's signature: JH is a key of root v1 only, not of the new root v2.
    const update = readFixtureJson(cliFixture('update.json'));
    update.metadata.root.signatures = update.metadata.root.signatures.filter((s: { keyid: string }) => s.keyid !== JH);
    unsignedByJh = write('update-without-jh.json', update);
  });

  it('is refused without --trusted-root, with a message saying the trusted root is needed, and nothing is written', () => {
    const r = cli('sign', unsignedByJh, ...keyArgs('JH.ed25519'), '--out', 'refused.json');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/key c6d8bf2e \(key file repository-service-tuf-cli__JH\.ed25519\) is not a key of root v2; if it is a key of trusted root v1, that root is needed to check it: pass --trusted-root/);
    expect(readdirSync(dir)).not.toContain('refused.json');
  });

  it('works with --trusted-root v1.json and gives the very signature RSTUF\'s update.json carries', () => {
    const r = cli('sign', unsignedByJh, ...keyArgs('JH.ed25519'), '--trusted-root', cliFixture('v1.json'), '--out', 'update-signed.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ours = json('update-signed.json');
    const theirs = readFixtureJson(cliFixture('update.json'));
    const sigs = (d: { metadata: { root: TufMetadata } }) => [...d.metadata.root.signatures].sort((a, b) => a.keyid.localeCompare(b.keyid));
    expect(sigs(ours)).toEqual(sigs(theirs));
    expect(canonicalize(ours.metadata.root.signed)).toBe(canonicalize(theirs.metadata.root.signed));
  });

  it('verify: exit 1 without the trusted root (and says to pass it), 0 with it', () => {
    const without = cli('verify', 'update-signed.json');
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('cannot check against trusted root v1: pass --trusted-root');
    expect(without.stderr).toMatch(/^rstuf-signer: update-signed\.json: not every role meets its threshold with valid signatures\n$/);
    const withRoot = cli('verify', 'update-signed.json', '--trusted-root', cliFixture('v1.json'));
    expect(withRoot.stderr).toBe('');
    expect(withRoot.code).toBe(0);
    expect(withRoot.stdout).toMatch(/root v2: OK/);
  });

  it('inspect: exit 0 either way (the file is well formed); --json tells whether the threshold is met', () => {
    const without = cli('inspect', 'update-signed.json', '--json');
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout).roles[0].threshold.met).toBe(false);
    const withRoot = cli('inspect', 'update-signed.json', '--json', '--trusted-root', cliFixture('v1.json'));
    expect(withRoot.code).toBe(0);
    expect(JSON.parse(withRoot.stdout).roles[0].threshold.met).toBe(true);
  });

  it('a trusted root of the wrong version is refused by name', () => {
    const r = cli('verify', 'update-signed.json', '--trusted-root', cliFixture('v2.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/root v2 must be signed against the trusted root v1, but the trusted root given is v2/);
  });
});

describe('verify and inspect exit codes over the fixtures', () => {
  it.each([
    ['ceremony.json', 0],
    ['ceremony_das.json', 1],
    ['sign_pending_roles.json', 1],
    ['update.json', 1],
    ['v1.json', 1],
    ['root.json', 0],
  ])('verify %s exits %i; inspect exits 0', (file, code) => {
    expect(cli('verify', cliFixture(file)).code).toBe(code);
    expect(cli('inspect', cliFixture(file)).code).toBe(0);
  });

  it('inspect names the kind, the roles and who is missing', () => {
    const r = cli('inspect', cliFixture('ceremony_das.json'));
    expect(r.stdout).toMatch(/bootstrap/i);
    expect(r.stdout).toMatch(/root v1/);
    expect(r.stdout).toMatch(/JimiHendrix's Key/);
  });

  it('verify of sign.json (a signature payload, nothing to verify alone) is a clear exit 1', () => {
    const r = cli('verify', cliFixture('sign.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sign\.json holds no metadata to verify/);
  });
});

describe('key ids are flagged, not hidden', () => {
  it('verify root.json says its root keys use the legacy key id scheme, and still verifies', () => {
    const r = cli('verify', cliFixture('root.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('key id 1cebe343 uses the legacy key id scheme');
    expect(r.stdout).toContain('key id 800dfb5a uses the legacy key id scheme');
  });

  it('a key id that does not hash its key is reported by verify and inspect', () => {
    const doc = readFixtureJson(cliFixture('ceremony.json'));
    // Another ed25519 public value under JH's id: the id no longer names this key.
    doc.metadata.root.signed.keys[JH].keyval.public = '4f66dabebcf30628963786001984c0b75c175cdcf3bc4855933a2628f0cd0a00';
    const input = write('keyid-mismatch.json', doc);
    const verify = cli('verify', input);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('key id c6d8bf2e does not match its key');
    const inspect = cli('inspect', input);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/c6d8bf2e\w*\.*\s+is not the hash of its key|c6d8bf2e does not match its key/);
  });
});
