// Key ids checked, through the CLI (issue 14, item 4): a root update adding a key under an id that
// is not its hash is a DANGER in `inspect`; `trust allow-keyid` records the id next to the trust
// store and the same review then says it as a warning. And ecdsa P-521 through keygen and sign.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import { tufKeyFromKeyObject } from '../../main/core/tuf/tuf-keys.js';
import { readPublicKeyFile } from '../../main/core/keys/public-key-file.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const WRONG = 'ab'.repeat(32);
let work: string;
let store: string;
const run = (args: string[]) => runSigner(args, { env: { RSTUF_SIGNER_HOME: join(work, 'home') } });

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'keyid-cli-'));
  store = join(work, 'store');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('rstuf-signer trust allow-keyid', () => {
  it('a new key under a wrong id is a DANGER until its id is allowed for the repository; bad ids and unpinned repositories are refused', () => {
    const root1 = join(work, '1.root.json');
    writeFileSync(root1, JSON.stringify(readFixtureJson(cliFixture('sign_pending_roles.json')).data.metadata.trusted_root));
    const update = readFixtureJson(cliFixture('update.json'));
    update.metadata.root.signatures = [];
    const { publicKey } = generateKeyPairSync('ed25519');
    update.metadata.root.signed.keys[WRONG] = { ...tufKeyFromKeyObject(publicKey), 'x-rstuf-key-name': 'Legacy Lee' };
    update.metadata.root.signed.roles.root.keyids.push(WRONG);
    const file = join(work, 'update.json');
    writeFileSync(file, JSON.stringify(update));

    const unpinned = run(['trust', 'allow-keyid', WRONG, '--trust-store', store]);
    expect(unpinned.code).not.toBe(0);
    expect(unpinned.stderr).toMatch(/no root is pinned/);
    expect(run(['trust', 'pin', root1, '--trust-store', store, '--yes']).code).toBe(0);

    const before = run(['inspect', file, '--trust-store', store]);
    expect(before.stdout).toMatch(new RegExp(`DANGER \\[keyid-mismatch\\] Key id ${WRONG.slice(0, 16)}\\.\\.\\. is not the hash of its key, and the key is new to this repository`));

    const bad = run(['trust', 'allow-keyid', 'xyz', '--trust-store', store]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/"xyz" is not a key id: a key id is 64 lower-case hex characters/);

    const allowed = run(['trust', 'allow-keyid', WRONG.toUpperCase(), '--trust-store', store]);
    expect(allowed.stderr).toBe('');
    expect(allowed.stdout).toContain(`Allowed legacy key id ${WRONG} for repository "default".`);
    expect(run(['trust', 'allow-keyid', WRONG, '--trust-store', store]).stdout).toContain('is already allowed');

    const after = run(['inspect', file, '--trust-store', store]);
    expect(after.stdout).not.toMatch(/DANGER \[keyid-mismatch\]/);
    expect(after.stdout).toContain(`warning [keyid-mismatch-trusted] Key id ${WRONG.slice(0, 16)}... is not the hash of its key, but the key is on this repository's allow-list of legacy key ids`);
    const shown = JSON.parse(run(['trust', 'show', '--trust-store', store, '--json']).stdout);
    expect(shown.repositories[0].allowedKeyIds).toEqual([WRONG]);
    expect(JSON.parse(readFileSync(join(store, 'default', 'allowed-keyids.json'), 'utf8')).keyids.map((k: { keyid: string }) => k.keyid)).toEqual([WRONG]);
  });
});

describe('ecdsa P-521 through the CLI', () => {
  it('keygen --scheme ecdsa-sha2-nistp521 writes a key that signs a bootstrap root with sign --key', () => {
    const pass = join(work, 'pass.txt');
    writeFileSync(pass, 'correct horse battery staple\n');
    const keyFile = join(work, 'p521.pem');
    const gen = run(['keygen', '--scheme', 'ecdsa-sha2-nistp521', '--out', keyFile, '--passphrase-file', pass]);
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    const imported = readPublicKeyFile(join(work, 'p521.pub'));
    expect(imported.key.scheme).toBe('ecdsa-sha2-nistp521');
    expect(gen.stdout).toContain(`key id ${imported.keyid} (ecdsa-sha2-nistp521)`);

    const payload = readFixtureJson(cliFixture('ceremony.json'));
    const signed = payload.metadata.root.signed;
    signed.keys[imported.keyid] = { ...imported.key, 'x-rstuf-key-name': 'P-521' };
    signed.roles.root.keyids.push(imported.keyid);
    payload.metadata.root.signatures = [];
    const file = join(work, 'ceremony.json');
    writeFileSync(file, JSON.stringify(payload));
    const out = join(work, 'signed.json');
    const r = run(['sign', file, '--key', keyFile, '--passphrase-file', pass, '--out', out]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    const [sig] = result.metadata.root.signatures;
    expect(sig.keyid).toBe(imported.keyid);
    expect(verifySignature(imported.key, sig.sig, canonicalBytes(signed))).toBe(true);
  });
});
