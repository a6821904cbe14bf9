// sign and verify with --trust-store: a root update that does not carry its trusted root is signed
// by a key of the previous root only when that root comes from the trust store.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let work: string;
let store: string;
let unsignedUpdate: string;
let passphrase: string;
const run = (args: string[]) => runSigner(args, { env: { RSTUF_SIGNER_HOME: join(work, 'home') } });
const JH = 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc';

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'review-sign-'));
  store = join(work, 'store');
  passphrase = join(work, 'pass.txt');
  writeFileSync(passphrase, `${FIXTURE_PASSWORD}\n`);
  const root1 = join(work, '1.root.json');
  writeFileSync(root1, JSON.stringify(readFixtureJson(cliFixture('sign_pending_roles.json')).data.metadata.trusted_root));
  const update = readFixtureJson(cliFixture('update.json'));
  update.metadata.root.signatures = [];
  unsignedUpdate = join(work, 'update.json');
  writeFileSync(unsignedUpdate, JSON.stringify(update));
  expect(run(['trust', 'pin', root1, '--trust-store', store, '--yes']).code).toBe(0);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('sign with the trust store', () => {
  it('a key only the previous root authorizes (JH) needs that root: the store provides it', () => {
    const without = run(['sign', unsignedUpdate, '--key', cliFixture('JH.ed25519'), '--passphrase-file', passphrase, '--out', join(work, 'a.json')]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/trusted root v1/);

    const out = join(work, 'signed.json');
    const r = run(['sign', unsignedUpdate, '--key', cliFixture('JH.ed25519'), '--passphrase-file', passphrase, '--trust-store', store, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/trusted root v1: 1 of 2 required signatures/);
    const signed = JSON.parse(readFileSync(out, 'utf8'));
    expect(signed.metadata.root.signatures.map((s: { keyid: string }) => s.keyid)).toEqual([JH]);
    // The signature RSTUF's own fixture carries for JH over the same bytes (ed25519 is deterministic).
    const expected = readFixtureJson(cliFixture('update.json')).metadata.root.signatures.find((s: { keyid: string }) => s.keyid === JH);
    expect(signed.metadata.root.signatures[0].sig).toBe(expected.sig);

    const review = JSON.parse(run(['inspect', out, '--trust-store', store, '--json']).stdout);
    expect(review.trust.state).toBe('chained');
    expect(review.roles[0].signatures.lines[0]).toBe("trusted root v1: 1 of 2 required signatures (JimiHendrix's Key); missing one of: JanisJoplin's Key");
  });

  it('refuses to sign a file whose trusted root does not chain to the pin', () => {
    const other = join(work, 'other-store');
    expect(run(['trust', 'pin', cliFixture('root.json'), '--trust-store', other, '--yes']).code).toBe(0);
    const r = run(['sign', cliFixture('sign_pending_roles.json'), '--key', cliFixture('JH.ed25519'), '--passphrase-file', passphrase, '--trust-store', other, '--out', join(work, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/swapped or comes from another repository/);
  });
});

describe('a bootstrap with a root already pinned (issue 16: the app and the CLI judge it alike)', () => {
  it('inspect and verify show the review and say which root is pinned, instead of refusing', () => {
    const other = join(work, 'other-store');
    expect(run(['trust', 'pin', cliFixture('root.json'), '--trust-store', other, '--yes']).code).toBe(0);
    // The store beside this test pins the ceremony's own root v1; the other store a different one.
    for (const trustStore of [store, other]) {
      const verified = run(['verify', cliFixture('ceremony.json'), '--trust-store', trustStore]);
      expect(verified.stderr).not.toMatch(/swapped or comes from another repository/);
      expect(verified.stdout).toMatch(/^root v1: OK/);
    }
    const same = run(['inspect', cliFixture('ceremony.json'), '--trust-store', store]);
    const different = run(['inspect', cliFixture('ceremony.json'), '--trust-store', other]);
    expect([same.code, different.code]).toEqual([0, 0]);
    expect(same.stdout).toMatch(/Trust: This is a bootstrap: .* Its root is the one repository "default" has root v1 pinned here \(fingerprint 1bc1 67f9 070f e3f4\)\./);
    expect(different.stdout).toMatch(/Trust: This is a bootstrap: .* A different root: repository "default" has root v\d+ pinned here \(fingerprint [0-9a-f ]+\); sign this only to start a new repository/);
  });
});
