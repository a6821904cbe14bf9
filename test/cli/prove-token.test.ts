// A key holder whose new root key lives on a token (SoftHSM2 here) proves it with
// `rstuf-signer prove --pkcs11-module`, through the same PKCS#11 signer `sign` uses; and
// `rstuf-signer tokens` says SoftHSM2 has no health data rather than judging its firmware.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TufKey } from '../../shared/tuf/types.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type SoftHsmToken } from '../helpers/hsm-softhsm.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

describe.skipIf(!softHsmAvailable())('proof of possession and token health with a SoftHSM2 token', () => {
  let token: SoftHsmToken;
  let work: string;
  const cli = (home: string, ...args: string[]) => runSigner(args, { cwd: work, env: { ...token.env, RSTUF_SIGNER_HOME: join(work, home) } });

  beforeAll(() => {
    ensureCliBuilt();
    token = createSoftHsmToken();
    work = mkdtempSync(join(tmpdir(), 'prove-token-'));
    // RSTUF's ceremony fixture, its root keys replaced by the token's P-256 key and one key file.
    const payload = readFixtureJson(cliFixture('ceremony.json'));
    const signed = payload.metadata.root.signed;
    const online = signed.roles.timestamp.keyids[0] as string;
    const fileKeyId = signed.roles.root.keyids[0] as string;
    const hsm: TufKey = { ...token.keys.p256.tufKey, 'x-rstuf-key-name': 'HSM P-256' };
    signed.keys = { [online]: signed.keys[online], [fileKeyId]: signed.keys[fileKeyId], [computeKeyId(hsm)]: hsm };
    signed.roles.root = { keyids: [fileKeyId, computeKeyId(hsm)], threshold: 2 };
    payload.metadata.root.signatures = [];
    writeFileSync(join(work, 'bootstrap.json'), JSON.stringify(payload, null, 2));
  });
  afterAll(() => {
    token?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('tokens: SoftHSM2 is not a YubiKey, so it says "no health data"', () => {
    const r = cli('holder', 'tokens', '--module', SOFTHSM_MODULE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('health: no health data (SoftHSM project SoftHSM v2 is not a YubiKey; firmware and slot checks apply to YubiKeys only)');
    expect(r.stdout).not.toContain('EUCLEAK');
    const json = JSON.parse(cli('holder', 'tokens', '--module', SOFTHSM_MODULE, '--json').stdout);
    expect(json[0].tokens[0].health).toMatchObject({ known: false });
  });

  it('prove --pkcs11-module signs the challenge with the token key; the coordinator sees it proved', () => {
    expect(cli('coordinator', 'prove', 'challenge', 'bootstrap.json', '--out', 'challenges').code).toBe(0);
    const challenge = readdirSync(join(work, 'challenges')).find((f) => f.includes('HSM-P-256')) as string;
    expect(challenge).toBeDefined();
    const r = cli('holder', 'prove', '--challenge', join('challenges', challenge), '--pkcs11-module', SOFTHSM_MODULE, '--token', token.serial, '--pin-file', token.pinFile(), '--out', 'hsm-proof.json');
    expect(r.stderr).toMatch(/^Touch your key now if it blinks/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Proved key HSM P-256 with .+; wrote hsm-proof.json/);
    expect(JSON.parse(readFileSync(join(work, 'hsm-proof.json'), 'utf8')).signed.signed_with).not.toMatch(/^key file/);

    const imported = cli('coordinator', 'prove', 'import', 'hsm-proof.json', '--for', 'bootstrap.json');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/key HSM P-256 \([0-9a-f]{8}\) proved by signing on \d{4}-\d{2}-\d{2}/);
  });

  it('prove with a token that does not hold the challenge key says so, before any PIN is used', () => {
    const challenge = readdirSync(join(work, 'challenges')).find((f) => !f.includes('HSM-P-256')) as string;
    const r = cli('holder', 'prove', '--challenge', join('challenges', challenge), '--pkcs11-module', SOFTHSM_MODULE, '--token', token.serial, '--pin-file', token.pinFile(), '--out', 'x.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is the key this challenge is for');
  });
});
