// What a key holder sees when a real token misbehaves in ways SoftHSM2 cannot: locked PIN, last
// PIN try, key pulled out mid-signature, no touch, no pcscd. The CLI runs in-process against a
// real SoftHSM2 token, with a double at the PKCS#11 boundary (test/helpers/hsm-faults.ts) that
// makes single calls return the CKR_* a YubiKey returns. Each case: its own message, exit 1,
// nothing written.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TufKey } from '../../shared/tuf/types.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { isSignerError } from '../../shared/errors.js';
import { run as signCommand } from '../../main/cli/commands/sign.js';
import { run as tokensCommand } from '../../main/cli/commands/tokens.js';
import type { CliIo } from '../../main/cli/io.js';
import { CKF } from '../../main/core/tokens/pkcs11-constants.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { withFaults, type FaultPlan } from '../helpers/hsm-faults.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type SoftHsmToken } from '../helpers/hsm-softhsm.js';

const faults = vi.hoisted(() => ({ plan: {} as FaultPlan }));

vi.mock('../../main/core/tokens/pkcs11-module.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../main/core/tokens/pkcs11-module.js')>();
  const faulty = () => withFaults(real.defaultPkcs11Factory(), faults.plan);
  return {
    ...real,
    openModule: (path: string, factory?: import('../../main/core/tokens/pkcs11-module.js').Pkcs11Factory) => real.openModule(path, factory ?? faulty),
    withModule: <T>(path: string, factory: import('../../main/core/tokens/pkcs11-module.js').Pkcs11Factory | undefined, work: (m: import('../../main/core/tokens/pkcs11-module.js').LoadedModule) => T) =>
      real.withModule(path, factory ?? faulty, work),
  };
});

const hasHsm = softHsmAvailable();

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  prompts: string[];
  pins: Buffer[];
}

describe.skipIf(!hasHsm)('token failures a key holder meets, through rstuf-signer sign (SoftHSM2 + a PKCS#11 double)', () => {
  let token: SoftHsmToken;
  let work: string;
  let bootstrap: string;
  let savedConf: string | undefined;

  beforeAll(() => {
    token = createSoftHsmToken({ label: 'yubi-like', keys: ['p256'] });
    savedConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = token.conf;
    work = mkdtempSync(join(tmpdir(), 'rstuf-hsm-faults-'));
    const payload = readFixtureJson(cliFixture('ceremony.json'));
    const signed = payload.metadata.root.signed;
    const online = signed.roles.timestamp.keyids[0] as string;
    const key: TufKey = { ...token.keys.p256.tufKey, 'x-rstuf-key-name': 'Token P-256' };
    const keyid = computeKeyId(token.keys.p256.tufKey);
    signed.keys = { [online]: signed.keys[online], [keyid]: key };
    signed.expires = '2099-12-31T23:59:59Z';
    signed.roles.root = { keyids: [keyid], threshold: 1 };
    payload.metadata.root.signatures = [];
    bootstrap = join(work, 'bootstrap.json');
    writeFileSync(bootstrap, JSON.stringify(payload));
  });

  afterAll(() => {
    if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = savedConf;
    token?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    faults.plan = { logins: [] };
  });

  async function cli(args: string[], pin = token.pin): Promise<Captured> {
    const captured: Captured = { code: -1, stdout: '', stderr: '', prompts: [], pins: [] };
    const io: CliIo = {
      stdout: (t) => void (captured.stdout += `${t}\n`),
      stderr: (t) => void (captured.stderr += `${t}\n`),
      promptSecret: async (question) => {
        captured.prompts.push(question);
        const buffer = Buffer.from(pin);
        captured.pins.push(buffer);
        return buffer;
      },
    };
    // run-cli.ts's contract, without its variable dynamic import (which vitest cannot follow).
    const [command, ...rest] = args;
    try {
      captured.code = await (command === 'sign' ? signCommand : tokensCommand)(rest, io);
    } catch (error) {
      if (!isSignerError(error)) throw error;
      io.stderr(`rstuf-signer: ${error.message}`);
      captured.code = error.code === 'USAGE' ? 2 : 1;
    }
    return captured;
  }

  const signArgs = (out: string) => ['sign', bootstrap, '--pkcs11-module', SOFTHSM_MODULE, '--token', 'yubi-like', '--out', out];
  const touchLine = `Touch your key now if it blinks (yubi-like #`;

  async function expectFailureWritesNothing(name: string): Promise<Captured> {
    const before = readdirSync(work).sort();
    const out = join(work, `${name}.json`);
    const r = await cli(signArgs(out));
    expect(r.code).toBe(1);
    expect(readdirSync(work).sort()).toEqual(before);
    expect(r.stdout + r.stderr).not.toContain(token.pin);
    return r;
  }

  it('signs when nothing fails, prompting for the PIN once and zeroing the PIN buffer afterwards', async () => {
    const out = join(work, 'good.json');
    const r = await cli(signArgs(out));
    expect(r.stderr).toContain(touchLine);
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual([`PIN for yubi-like #${token.serial} (provide touch if the key asks for it): `]);
    expect(faults.plan.logins).toEqual([token.pin]);
    expect(r.pins[0]?.equals(Buffer.alloc(token.pin.length))).toBe(true);
    rmSync(out);
  });

  it('a token whose PIN is already locked says so before asking for the PIN', async () => {
    faults.plan.extraTokenFlags = CKF.USER_PIN_LOCKED;
    faults.plan.fail = { C_Login: { name: 'CKR_PIN_LOCKED', code: 0xa4 } };
    const r = await expectFailureWritesNothing('locked');
    expect(r.stderr).toContain(
      `rstuf-signer: the PIN of yubi-like #${token.serial} is locked after too many wrong tries (CKR_PIN_LOCKED); unblock it with the PUK or security officer PIN (YubiKey: ykman piv access unblock-pin), then sign again; nothing was signed`,
    );
    expect(r.prompts).toEqual([]);
    expect(faults.plan.logins).toEqual([]);
  });

  it('a PIN that locks during login (CKR_PIN_LOCKED from C_Login) gets the same advice', async () => {
    faults.plan.fail = { C_Login: { name: 'CKR_PIN_LOCKED', code: 0xa4 } };
    const r = await expectFailureWritesNothing('locked-at-login');
    expect(r.stderr).toContain(`the PIN of yubi-like #${token.serial} is locked after too many wrong tries (CKR_PIN_LOCKED)`);
    expect(r.prompts).toHaveLength(1);
    expect(r.pins[0]?.every((b) => b === 0)).toBe(true);
  });

  it('on the final PIN try it warns before asking, and a wrong PIN then says that one try is left', async () => {
    faults.plan.extraTokenFlags = CKF.USER_PIN_FINAL_TRY;
    faults.plan.fail = { C_Login: { name: 'CKR_PIN_INCORRECT', code: 0xa0 } };
    const r = await expectFailureWritesNothing('final-try');
    expect(r.stderr).toContain(`rstuf-signer: warning: yubi-like #${token.serial}: one try is left: the next wrong PIN locks the token`);
    expect(r.stderr).toContain(`rstuf-signer: wrong PIN for yubi-like #${token.serial} (CKR_PIN_INCORRECT); one try is left: the next wrong PIN locks the token; nothing was signed`);
  });

  it('a wrong PIN while tries are running low says so', async () => {
    faults.plan.extraTokenFlags = CKF.USER_PIN_COUNT_LOW;
    faults.plan.fail = { C_Login: { name: 'CKR_PIN_INCORRECT', code: 0xa0 } };
    const r = await expectFailureWritesNothing('count-low');
    expect(r.stderr).toContain(`wrong PIN for yubi-like #${token.serial} (CKR_PIN_INCORRECT); only a few tries are left before the PIN locks`);
  });

  it('a key pulled out while waiting for the touch (CKR_DEVICE_REMOVED from C_Sign) says to plug it in again', async () => {
    faults.plan.fail = { C_SignAsync: { name: 'CKR_DEVICE_REMOVED', code: 0x32 } };
    const r = await expectFailureWritesNothing('removed');
    expect(r.stderr).toContain(touchLine);
    expect(r.stderr).toContain(`rstuf-signer: yubi-like #${token.serial} was removed or is not plugged in (CKR_DEVICE_REMOVED); plug it in again and retry; nothing was signed`);
  });

  it('a token gone between listing and signing (CKR_TOKEN_NOT_PRESENT from C_OpenSession) says the same, before any PIN is asked', async () => {
    // Listing (two sessions: the key list and the signer's key lookup) works; the signing session finds the token gone.
    faults.plan.fail = { C_OpenSession: { name: 'CKR_TOKEN_NOT_PRESENT', code: 0xe0, after: 2 } };
    const r = await expectFailureWritesNothing('not-present');
    expect(r.stderr).toContain(`rstuf-signer: yubi-like #${token.serial} was removed or is not plugged in (CKR_TOKEN_NOT_PRESENT); plug it in again and retry; nothing was signed`);
    expect(r.prompts).toEqual([]);
  });

  it('no touch (CKR_USER_NOT_LOGGED_IN from C_Sign, as ykcs11 reports a touch timeout) says to touch the key', async () => {
    faults.plan.fail = { C_SignAsync: { name: 'CKR_USER_NOT_LOGGED_IN', code: 0x101 } };
    const r = await expectFailureWritesNothing('no-touch');
    expect(r.stderr).toContain(touchLine);
    expect(r.stderr).toContain(
      `rstuf-signer: yubi-like #${token.serial} refused to sign (CKR_USER_NOT_LOGGED_IN): the key was not touched in time, or it needs the PIN again for every signature; touch the key when it blinks and try again; nothing was signed`,
    );
  });

  it('a mechanism the token refuses (CKR_MECHANISM_INVALID) names the scheme and mechanism', async () => {
    faults.plan.fail = { C_SignInit: { name: 'CKR_MECHANISM_INVALID', code: 0x70 } };
    const r = await expectFailureWritesNothing('mechanism');
    expect(r.stderr).toContain(`rstuf-signer: yubi-like #${token.serial} cannot sign with ecdsa-sha2-nistp256 (CKM_ECDSA) (CKR_MECHANISM_INVALID)`);
    expect(r.stderr).not.toContain(touchLine);
  });

  it('a device error (ykcs11 without pcscd: CKR_DEVICE_ERROR from C_GetSlotList) points at pcscd', async () => {
    faults.plan.fail = { C_GetSlotList: { name: 'CKR_DEVICE_ERROR', code: 0x30 } };
    const r = await expectFailureWritesNothing('pcscd');
    expect(r.stderr).toContain('rstuf-signer: the token or its reader reported a device error (CKR_DEVICE_ERROR); check that the smart card service runs (sudo systemctl start pcscd)');
    expect(r.prompts).toEqual([]);
  });

  it('tokens shows a locked PIN and a final try in the token line', async () => {
    faults.plan.extraTokenFlags = CKF.USER_PIN_LOCKED;
    let r = await cli(['tokens', '--module', SOFTHSM_MODULE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`token "yubi-like" serial ${token.serial}: SoftHSM project SoftHSM v2, firmware 2.6; PIN LOCKED`);
    faults.plan.extraTokenFlags = CKF.USER_PIN_FINAL_TRY;
    r = await cli(['tokens', '--module', SOFTHSM_MODULE]);
    expect(r.stdout).toContain('PIN: one try left, the next wrong PIN locks it');
  });
});
