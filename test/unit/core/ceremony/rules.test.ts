import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { describe, expect, it } from 'vitest';
import { BIN_CHOICES, DEFAULT_BINS, DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import { assertNoErrors, checkBins, checkExtraFieldNames, checkOnlineKeyUri, checkRoleName, formatProblem, RULES, validateBootstrap, validateDelegations } from '../../../../shared/ceremony/rules.js';
import type { BootstrapInput, DelegatedRoleInput } from '../../../../shared/ceremony/types.js';
import { SignerError } from '../../../../shared/errors.js';
import { makeKey, makeOnlineKey } from '../../../helpers/ceremony-keys.js';

const alice = makeKey('Alice');
const bob = makeKey('Bob', 'ecdsa');
const online = makeOnlineKey();

function input(overrides: Partial<BootstrapInput> = {}): BootstrapInput {
  return {
    expiration: { ...DEFAULT_EXPIRATION },
    delegation: { kind: 'bins', count: DEFAULT_BINS },
    root: { threshold: 2, keys: [alice, bob] },
    onlineKey: online,
    ...overrides,
  };
}

const rulesOf = (problems: { rule: string; severity: string }[], severity = 'error'): string[] => problems.filter((p) => p.severity === severity).map((p) => p.rule);

function role(overrides: Partial<DelegatedRoleInput> = {}): DelegatedRoleInput {
  return { name: 'prod', paths: ['prod/*'], terminating: true, keys: [alice, bob], threshold: 2, expirePolicy: 30, ...overrides };
}

describe('RSTUF defaults', () => {
  it('match the RSTUF CLI: 365/365/1/1/1 days and 256 bins out of the powers of two 2..16384', () => {
    expect(DEFAULT_EXPIRATION).toEqual({ root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 });
    expect(BIN_CHOICES[0]).toBe(2);
    expect(BIN_CHOICES.at(-1)).toBe(16384);
    expect(BIN_CHOICES).toContain(DEFAULT_BINS);
  });
});

describe(validateBootstrap.name, () => {
  it('accepts a well-formed ceremony', () => {
    expect(rulesOf(validateBootstrap(input(), publicKeyIdentity))).toEqual([]);
  });

  it.each([0, -1, 1.5, '7', Number.NaN, 36_501])('refuses an expiry of %s days (expiration-positive)', (days) => {
    const problems = validateBootstrap(input({ expiration: { ...DEFAULT_EXPIRATION, snapshot: days as number } }), publicKeyIdentity);
    expect(problems.find((p) => p.where === 'expiration.snapshot')?.rule).toBe(RULES.expirationPositive);
  });

  it('ignores the bins expiry when custom delegations are used', () => {
    const problems = validateBootstrap(input({ expiration: { ...DEFAULT_EXPIRATION, bins: 0 }, delegation: { kind: 'custom', roles: [role()] } }), publicKeyIdentity);
    expect(rulesOf(problems)).toEqual([]);
  });

  it.each([1, 3, 300, 32768, 0])('refuses %s hash bins (bins-power-of-two)', (count) => {
    expect(rulesOf(validateBootstrap(input({ delegation: { kind: 'bins', count } }), publicKeyIdentity))).toEqual([RULES.binsPowerOfTwo]);
  });

  it.each([2, 16384])('accepts %s hash bins', (count) => {
    expect(rulesOf(validateBootstrap(input({ delegation: { kind: 'bins', count } }), publicKeyIdentity))).toEqual([]);
  });

  it('refuses a root threshold above the number of keys, or below 1 (threshold-range)', () => {
    for (const threshold of [3, 0, 1.5]) {
      const problems = validateBootstrap(input({ root: { threshold, keys: [alice, bob] } }), publicKeyIdentity);
      expect(problems.map((p) => `${p.rule} ${p.where}`)).toEqual([`${RULES.thresholdRange} root.threshold`]);
    }
  });

  it('counts a key listed twice once, and says so (no-duplicate-keys)', () => {
    const problems = validateBootstrap(input({ root: { threshold: 2, keys: [alice, { ...alice, name: 'Alice again' }] } }), publicKeyIdentity);
    expect(rulesOf(problems)).toEqual([RULES.noDuplicateKeys, RULES.thresholdRange]);
    expect(problems[0]?.message).toContain('root.keys[0]');
  });

  it('refuses two keys with the same name, ignoring case (key-name-unique)', () => {
    expect(rulesOf(validateBootstrap(input({ root: { threshold: 1, keys: [alice, { ...bob, name: 'alice' }] } }), publicKeyIdentity))).toEqual([RULES.keyNameUnique]);
  });

  it('refuses the online key as a root key (online-key-not-root-key), which RSTUF itself does not check', () => {
    const onlineAsRoot = { ...online, name: 'Online as root' };
    const problems = validateBootstrap(input({ root: { threshold: 1, keys: [alice, onlineAsRoot] } }), publicKeyIdentity);
    expect(rulesOf(problems)).toEqual([RULES.onlineKeyNotRootKey]);
    expect(formatProblem(problems[0]!)).toMatch(/^\[online-key-not-root-key\] online_key: .*"Online as root"/);
  });

  it('needs at least one root key (keys-required)', () => {
    expect(rulesOf(validateBootstrap(input({ root: { threshold: 1, keys: [] } }), publicKeyIdentity))).toContain(RULES.keysRequired);
  });
});

describe(checkRoleName.name, () => {
  it.each(['prod', 'tenant1-group1-policy', 'a'])('accepts %s', (name) => expect(checkRoleName(name, 'n')).toEqual([]));
  it.each(['prod/x', 'with space', '', 'é'])('refuses %j by the API pattern (role-name-pattern)', (name) => {
    expect(rulesOf(checkRoleName(name, 'n'))).toEqual([RULES.roleNamePattern]);
  });
  it.each([
    ['Prod', 'prod'],
    ['my_role', 'my-role'],
  ])('refuses %s, which RSTUF would lower-case or cut at "_", and suggests %s (role-name-survives-rstuf)', (name, suggestion) => {
    const problems = checkRoleName(name, 'n');
    expect(rulesOf(problems)).toEqual([RULES.roleNameLowercase]);
    expect(problems[0]?.message).toContain(`use "${suggestion}"`);
  });
  it.each(['targets', 'root', 'bins', 'bins-3'])('refuses the reserved name %s (role-name-reserved)', (name) => {
    expect(rulesOf(checkRoleName(name, 'n'))).toEqual([RULES.roleNameReserved]);
  });
});

describe(validateDelegations.name, () => {
  it('accepts offline-key and online-key roles', () => {
    expect(rulesOf(validateDelegations({ roles: [role(), role({ name: 'dev', keys: [], threshold: 1 })] }, publicKeyIdentity))).toEqual([]);
  });
  it('refuses empty paths and empty path strings (paths-non-empty)', () => {
    expect(rulesOf(validateDelegations({ roles: [role({ paths: [] })] }, publicKeyIdentity))).toEqual([RULES.pathsNonEmpty]);
    expect(validateDelegations({ roles: [role({ paths: ['ok/*', ' '] })] }, publicKeyIdentity)[0]?.where).toBe('delegations[0].paths[1]');
  });
  it('refuses an online-key role with a threshold other than 1 (online-role-threshold)', () => {
    expect(rulesOf(validateDelegations({ roles: [role({ keys: [], threshold: 2 })] }, publicKeyIdentity))).toEqual([RULES.onlineRoleThreshold]);
  });
  it('refuses a missing or zero expire policy (expire-policy-positive)', () => {
    expect(rulesOf(validateDelegations({ roles: [role({ expirePolicy: 0 })] }, publicKeyIdentity))).toEqual([RULES.expirePolicyPositive]);
  });
  it('refuses two roles whose names only differ in case (role-name-unique)', () => {
    expect(rulesOf(validateDelegations({ roles: [role(), role({ name: 'prod' })] }, publicKeyIdentity))).toEqual([RULES.roleNameUnique]);
  });
  it('refuses an unreachable delegated threshold (threshold-range)', () => {
    expect(rulesOf(validateDelegations({ roles: [role({ threshold: 3 })] }, publicKeyIdentity))).toEqual([RULES.thresholdRange]);
  });
});

describe(checkOnlineKeyUri.name, () => {
  const keyid = online.keyid;
  it.each([`fn:${keyid}`, 'awskms:alias/rstuf', 'gcpkms:projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1', 'azurekms://v.vault.azure.net/keys/online/0123abc', 'hv:online/1'])('accepts %s', (uri) => {
    expect(checkOnlineKeyUri(uri, keyid)).toEqual([]);
  });
  it.each(['', 'file:/tmp/k', 'fn:', 'fn:../etc/key', 'azurekms:vault/keys', 'awskms:', 'hv:', 'fn:a b'])('refuses %j (online-key-uri)', (uri) => {
    expect(rulesOf(checkOnlineKeyUri(uri, keyid))).toEqual([RULES.onlineKeyUri]);
  });
  it('warns, without refusing, when fn: does not name the file after the key id', () => {
    const problems = checkOnlineKeyUri('fn:online.pem', keyid);
    expect(rulesOf(problems)).toEqual([]);
    expect(rulesOf(problems, 'warning')).toEqual([RULES.onlineKeyUri]);
  });
});

describe(checkBins.name, () => {
  it('explains that RSTUF rounds other numbers down', () => {
    expect(checkBins(300)[0]?.message).toMatch(/power of two from 2 to 16384/);
  });
});

describe(checkExtraFieldNames.name, () => {
  it('accepts standard fields and x-<vendor>-<name>, refuses anything else (extra-field-format)', () => {
    const signed = { _type: 'root', version: 1, 'x-acme-note': 1, 'x-acme': 2, custom: 3 };
    expect(checkExtraFieldNames(signed).map((p) => p.where)).toEqual(['metadata.root.signed.x-acme', 'metadata.root.signed.custom']);
  });
});

describe(assertNoErrors.name, () => {
  it('throws CEREMONY_INVALID listing every broken rule by name, and ignores warnings', () => {
    const problems = validateBootstrap(input({ root: { threshold: 5, keys: [alice, alice] }, delegation: { kind: 'bins', count: 3 } }), publicKeyIdentity);
    let thrown: unknown;
    try {
      assertNoErrors(problems, 'ceremony');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SignerError);
    expect((thrown as SignerError).code).toBe('CEREMONY_INVALID');
    expect((thrown as SignerError).message).toMatch(/breaks 3 rules; nothing was written/);
    for (const rule of [RULES.binsPowerOfTwo, RULES.noDuplicateKeys, RULES.thresholdRange]) expect((thrown as SignerError).message).toContain(`[${rule}]`);
    expect(() => assertNoErrors(checkOnlineKeyUri('fn:x', online.keyid), 'ceremony')).not.toThrow();
  });
});
