import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { sign as cryptoSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildBootstrapPayload, buildDelegationsPayload, buildUpdatePayload, expiresIn, validateRootChanges } from '../../../../shared/ceremony/build.js';
import { DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import { RULES } from '../../../../shared/ceremony/rules.js';
import type { BootstrapInput, RootChanges } from '../../../../shared/ceremony/types.js';
import { SignerError } from '../../../../shared/errors.js';
import { canonicalBytes } from '../../../../shared/tuf/canonical.js';
import { readDocument } from '../../../../shared/tuf/documents.js';
import type { RootMetadata, TufRootSigned } from '../../../../shared/tuf/types.js';
import { roleStatus } from '../../../../main/core/tuf/authorization.js';
import { bootstrapApiRuleErrors, checkAgainstRstufSchema, delegationRuleErrors, pythonTufRootRuleErrors } from '../../../helpers/ceremony-schema.js';
import { makeKey, makeOnlineKey, type TestKey } from '../../../helpers/ceremony-keys.js';
import { cliFixture, readFixtureJson } from '../../../helpers/fixtures.js';

const NOW = new Date('2026-11-25T10:20:30.456Z');
const alice = makeKey('Alice');
const bob = makeKey('Bob', 'ecdsa');
const carol = makeKey('Carol', 'rsa');
const online = makeOnlineKey();

function ceremony(overrides: Partial<BootstrapInput> = {}): BootstrapInput {
  return { expiration: { ...DEFAULT_EXPIRATION }, delegation: { kind: 'bins', count: 256 }, root: { threshold: 2, keys: [alice, bob] }, onlineKey: online, ...overrides };
}

function signRoot(root: RootMetadata, ...keys: TestKey[]): RootMetadata {
  const data = canonicalBytes(root.signed);
  const signatures = keys.map((k) => {
    const sig = k.key.keytype === 'ed25519' ? cryptoSign(null, data, k.privateKey) : k.key.keytype === 'rsa' ? cryptoSign('sha256', data, { key: k.privateKey, padding: 6, saltLength: 32 }) : cryptoSign('sha256', data, k.privateKey);
    return { keyid: k.keyid, sig: sig.toString('hex') };
  });
  return { ...root, signatures: [...root.signatures, ...signatures] };
}

const expectSchemaClean = (payload: unknown, component: string): void => {
  const report = checkAgainstRstufSchema(payload, component);
  expect(report.errors).toEqual([]);
  expect(report.dropped).toEqual([]);
};

describe('the schema check itself', () => {
  it('accepts RSTUF own example payloads and catches broken ones', () => {
    // RSTUF's CLI writes "delegations": null in the (unsigned) settings; nothing signed is dropped.
    expect(checkAgainstRstufSchema(readFixtureJson(cliFixture('ceremony.json')), 'BootstrapPayload')).toEqual({ errors: [], dropped: ['BootstrapPayload.settings.roles.delegations (null)'] });
    expectSchemaClean(readFixtureJson(cliFixture('update.json')), 'MetadataPostPayload');
    const broken = readFixtureJson(cliFixture('ceremony.json'));
    broken.settings.roles.bins.number_of_delegated_bins = 16385;
    delete broken.settings.roles.root;
    expect(checkAgainstRstufSchema(broken, 'BootstrapPayload').errors).toHaveLength(2);
    const extra = readFixtureJson(cliFixture('update.json'));
    extra.metadata.root.signed.keys[Object.keys(extra.metadata.root.signed.keys)[0] as string].keyid_hash_algorithms = ['sha256'];
    expect(checkAgainstRstufSchema(extra, 'MetadataPostPayload').dropped).toHaveLength(1);
  });
});

describe(expiresIn.name, () => {
  it('is UTC, without fractional seconds, days after now', () => {
    expect(expiresIn(365, NOW)).toBe('2027-11-25T10:20:30Z');
    expect(expiresIn(1, new Date('2028-02-28T23:59:59.999Z'))).toBe('2028-02-29T23:59:59Z');
  });
});

describe(buildBootstrapPayload.name, () => {
  it('builds root v1 with the online key in timestamp, snapshot and targets and matches RSTUF request schema', () => {
    const { payload } = buildBootstrapPayload(ceremony(), NOW, publicKeyIdentity);
    expectSchemaClean(payload, 'BootstrapPayload');
    expect(bootstrapApiRuleErrors(payload)).toEqual([]);
    const signed = payload.metadata.root.signed as unknown as TufRootSigned;
    expect(pythonTufRootRuleErrors(signed)).toEqual([]);
    expect(signed).toMatchObject({ _type: 'root', version: 1, spec_version: '1.0.31', consistent_snapshot: true, expires: '2027-11-25T10:20:30Z' });
    expect(signed.roles.root).toEqual({ keyids: [alice.keyid, bob.keyid], threshold: 2 });
    for (const role of ['timestamp', 'snapshot', 'targets']) expect(signed.roles[role]).toEqual({ keyids: [online.keyid], threshold: 1 });
    expect(signed.keys[alice.keyid]).toEqual({ ...alice.key, 'x-rstuf-key-name': 'Alice' });
    expect(signed.keys[online.keyid]).toEqual({ ...online.key, 'x-rstuf-key-name': 'Online Key', 'x-rstuf-online-key-uri': `fn:${online.keyid}` });
    expect(payload.settings).toEqual({ roles: { root: { expiration: 365 }, timestamp: { expiration: 1 }, snapshot: { expiration: 1 }, targets: { expiration: 365 }, bins: { expiration: 1, number_of_delegated_bins: 256 } } });
    expect(payload.timeout).toBe(300);
    expect(payload.metadata.root.signatures).toEqual([]);
  });

  it('with custom delegations: offline keys in delegations.keys, online-key roles with no keys, no bins', () => {
    const { payload } = buildBootstrapPayload(
      ceremony({
        delegation: {
          kind: 'custom',
          roles: [
            { name: 'prod', paths: ['prod/*'], terminating: true, keys: [carol, alice], threshold: 2, expirePolicy: 30 },
            { name: 'dev', paths: ['dev/*', 'test/*'], terminating: false, keys: [], threshold: 1, expirePolicy: 1 },
          ],
        },
      }),
      NOW, publicKeyIdentity,
    );
    expectSchemaClean(payload, 'BootstrapPayload');
    expect(bootstrapApiRuleErrors(payload)).toEqual([]);
    const roles = payload.settings.roles as Record<string, any>;
    expect(roles.bins).toBeUndefined();
    expect(Object.keys(roles.delegations.keys).sort()).toEqual([alice.keyid, carol.keyid].sort());
    expect(roles.delegations.roles).toEqual([
      { name: 'prod', terminating: true, keyids: [carol.keyid, alice.keyid], threshold: 2, paths: ['prod/*'], 'x-rstuf-expire-policy': 30 },
      { name: 'dev', terminating: false, keyids: [], threshold: 1, paths: ['dev/*', 'test/*'], 'x-rstuf-expire-policy': 1 },
    ]);
  });

  it('refuses invalid input before building anything', () => {
    expect(() => buildBootstrapPayload(ceremony({ root: { threshold: 3, keys: [alice, bob] } }), NOW, publicKeyIdentity)).toThrow(/\[threshold-range\] root\.threshold/);
  });

  it('a payload with fewer signatures than the threshold is still a valid RSTUF payload, 1 signature missing', () => {
    const { payload } = buildBootstrapPayload(ceremony(), NOW, publicKeyIdentity);
    const signed = signRoot(payload.metadata.root as unknown as RootMetadata, alice);
    const das = { ...payload, metadata: { root: signed } };
    expectSchemaClean(das, 'BootstrapPayload');
    const doc = readDocument(JSON.parse(JSON.stringify(das)));
    expect(doc.kind).toBe('bootstrap');
    const status = roleStatus(doc, doc.pending[0]!);
    expect(status.met).toBe(false);
    expect(status.thresholds[0]).toMatchObject({ required: 2, valid: [alice.keyid], missing: [bob.keyid] });
  });

  it('stays linear: 16,384 bins are one number in the settings, not 16,384 roles', () => {
    const { payload } = buildBootstrapPayload(ceremony({ delegation: { kind: 'bins', count: 16384 } }), NOW, publicKeyIdentity);
    expectSchemaClean(payload, 'BootstrapPayload');
    expect((payload.settings.roles as any).bins).toEqual({ expiration: 1, number_of_delegated_bins: 16384 });
    expect(JSON.stringify(payload).length).toBeLessThan(4000);
  });
});

describe(buildUpdatePayload.name, () => {
  const v1 = (): RootMetadata => {
    const { payload } = buildBootstrapPayload(ceremony({ root: { threshold: 2, keys: [alice, bob] } }), NOW, publicKeyIdentity);
    return signRoot(payload.metadata.root as unknown as RootMetadata, alice, bob);
  };
  const later = new Date('2027-01-01T00:00:00Z');

  it('copies the trusted root with version + 1, no signatures, and the same expiry when not asked to change it', () => {
    const trusted = v1();
    const built = buildUpdatePayload(trusted, {}, later, publicKeyIdentity);
    expectSchemaClean(built.payload, 'MetadataPostPayload');
    expect(built.root.signatures).toEqual([]);
    expect(built.root.signed).toEqual({ ...trusted.signed, version: 2 });
    expect(built.warnings.map((w) => w.rule)).toEqual([RULES.nothingChanges]);
  });

  it('adds and removes root keys, changes threshold, expiry and the online key, and lists each change', () => {
    const online2 = makeOnlineKey('Online 2', 'awskms:alias/online-2');
    const changes: RootChanges = { rootExpirationDays: 30, threshold: 2, add: [carol], remove: ['Alice'], onlineKey: online2 };
    const built = buildUpdatePayload(v1(), changes, later, publicKeyIdentity);
    expectSchemaClean(built.payload, 'MetadataPostPayload');
    const s = built.root.signed;
    expect(pythonTufRootRuleErrors(s)).toEqual([]);
    expect(s.version).toBe(2);
    expect(s.expires).toBe('2027-01-31T00:00:00Z');
    expect(s.roles.root).toEqual({ keyids: [bob.keyid, carol.keyid], threshold: 2 });
    for (const role of ['timestamp', 'snapshot', 'targets']) expect(s.roles[role]).toEqual({ keyids: [online2.keyid], threshold: 1 });
    // Keys no role uses leave the root: Alice and the old online key.
    expect(Object.keys(s.keys).sort()).toEqual([bob.keyid, carol.keyid, online2.keyid].sort());
    expect(s.keys[online2.keyid]?.['x-rstuf-online-key-uri']).toBe('awskms:alias/online-2');
    expect(built.changes).toEqual([
      'version: 1 -> 2',
      `expires: 2027-11-25T10:20:30Z -> 2027-01-31T00:00:00Z`,
      `root key removed: "Alice" (${alice.keyid.slice(0, 8)})`,
      `online key: "Online Key" (${online.keyid.slice(0, 8)}) -> "Online 2" (${online2.keyid.slice(0, 8)}), awskms:alias/online-2`,
      `root key added: "Carol" (${carol.keyid.slice(0, 8)}), rsassa-pss-sha256`,
    ]);
  });

  it('removes by key id as well as by name', () => {
    const built = buildUpdatePayload(v1(), { remove: [bob.keyid], threshold: 1 }, later, publicKeyIdentity);
    expect(built.root.signed.roles.root?.keyids).toEqual([alice.keyid]);
  });

  it.each<[string, RootChanges, string]>([
    ['an unknown key to remove', { remove: ['Nobody'] }, RULES.removeKeyUnknown],
    ['the online key as a key to remove', { remove: ['Online Key'] }, RULES.removeKeyUnknown],
    ['a key that is already a root key', { add: [{ ...bob, name: 'Bob 2' }] }, RULES.noDuplicateKeys],
    ['the online key as a new root key', { add: [{ ...online, name: 'x' }] }, RULES.onlineKeyNotRootKey],
    ['a root key as the new online key', { onlineKey: { ...alice, uri: `fn:${alice.keyid}` } }, RULES.onlineKeyNotRootKey],
    ['a root key removed now as the new online key', { remove: ['Alice'], threshold: 1, onlineKey: { ...alice, uri: `fn:${alice.keyid}` } }, RULES.onlineKeyNotRootKey],
    ['a name already used', { add: [{ ...carol, name: 'bob' }] }, RULES.keyNameUnique],
    ['a threshold the keys cannot meet', { remove: ['Bob'] }, RULES.thresholdRange],
    ['a bad online key URI', { onlineKey: { ...makeOnlineKey(), uri: 'kms:x' } }, RULES.onlineKeyUri],
  ])('refuses %s', (_what, changes, rule) => {
    let thrown: unknown;
    try {
      buildUpdatePayload(v1(), changes, later, publicKeyIdentity);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SignerError);
    expect((thrown as SignerError).code).toBe('CEREMONY_INVALID');
    expect((thrown as SignerError).message).toContain(`[${rule}]`);
  });

  it('reports the same problems as data for live validation, without throwing', () => {
    const problems = validateRootChanges(v1(), { remove: ['Nobody'], threshold: 3 }, later, publicKeyIdentity);
    expect(problems.map((p) => [p.rule, p.where])).toEqual([
      [RULES.removeKeyUnknown, 'root.remove[0]'],
      [RULES.thresholdRange, 'root.threshold'],
    ]);
    expect(validateRootChanges(v1(), { threshold: 1 }, later, publicKeyIdentity)).toEqual([]);
  });

  it('refuses a new root that would already be expired unless a new expiry is given', () => {
    const trusted = v1();
    const afterExpiry = new Date('2028-01-01T00:00:00Z');
    expect(() => buildUpdatePayload(trusted, {}, afterExpiry, publicKeyIdentity)).toThrow(/\[root-expiry-future\]/);
    expect(buildUpdatePayload(trusted, { rootExpirationDays: 10 }, afterExpiry, publicKeyIdentity).root.signed.expires).toBe('2028-01-11T00:00:00Z');
  });

  it('refuses a trusted root whose key or role objects RSTUF update endpoint would drop, and names the way out', () => {
    const legacy = readFixtureJson<RootMetadata>(cliFixture('root.json'));
    // RSTUF's own test root.json carries "name" on keys, which the API keeps; add what it drops.
    const trusted = structuredClone(legacy);
    const firstKey = Object.keys(trusted.signed.keys)[0] as string;
    (trusted.signed.keys[firstKey] as any).keyid_hash_algorithms = ['sha256', 'sha512'];
    (trusted.signed.roles.root as any)['x-note'] = 'x';
    (trusted.signed as any).consistent_snapshot = null;
    const later2 = new Date('2026-01-01T00:00:00Z');
    let message = '';
    try {
      buildUpdatePayload(trusted, {}, later2, publicKeyIdentity);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[update-field-dropped] signed.consistent_snapshot');
    expect(message).toContain(`[update-field-dropped] signed.keys.${firstKey.slice(0, 8)}.keyid_hash_algorithms`);
    expect(message).toContain('[update-field-dropped] signed.roles.root.x-note');
    expect(message).toContain('"drop_unsupported_fields": true');

    const built = buildUpdatePayload(trusted, { dropUnsupportedFields: true }, later2, publicKeyIdentity);
    expectSchemaClean(built.payload, 'MetadataPostPayload');
    expect(built.changes.at(-1)).toMatch(/^fields RSTUF's update endpoint would drop, removed: /);
    expect(built.root.signed.keys[firstKey]).not.toHaveProperty('keyid_hash_algorithms');
  });

  it('keeps the "name" key field, which RSTUF update endpoint keeps', () => {
    const legacy = readFixtureJson<RootMetadata>(cliFixture('root.json'));
    const built = buildUpdatePayload(legacy, { rootExpirationDays: 365 }, new Date('2026-01-01T00:00:00Z'), publicKeyIdentity);
    expectSchemaClean(built.payload, 'MetadataPostPayload');
    for (const key of Object.values(built.root.signed.keys)) expect(key).toHaveProperty('name');
  });
});

describe(buildDelegationsPayload.name, () => {
  it('builds the POST/PUT /api/v1/delegations/ payload of RSTUF schema', () => {
    const { payload } = buildDelegationsPayload({
      roles: [{ name: 'tenant1-group1-policy', paths: ['tenant1/group1/policy/*'], terminating: true, keys: [alice, carol], threshold: 2, expirePolicy: 365 }],
    }, publicKeyIdentity);
    expectSchemaClean(payload, 'MetadataDelegationsPayload');
    expect(delegationRuleErrors(payload.delegations)).toEqual([]);
    expect(payload).toEqual({
      delegations: {
        keys: { [alice.keyid]: { ...alice.key, 'x-rstuf-key-name': 'Alice' }, [carol.keyid]: { ...carol.key, 'x-rstuf-key-name': 'Carol' } },
        roles: [{ name: 'tenant1-group1-policy', terminating: true, keyids: [alice.keyid, carol.keyid], threshold: 2, paths: ['tenant1/group1/policy/*'], 'x-rstuf-expire-policy': 365 }],
      },
    });
    expect(readDocument(payload).kind).toBe('delegations');
  });

  it('refuses role names RSTUF would mangle', () => {
    expect(() => buildDelegationsPayload({ roles: [{ name: 'Tenant_1', paths: ['t/*'], terminating: true, keys: [], threshold: 1, expirePolicy: 1 }] }, publicKeyIdentity)).toThrow(/\[role-name-survives-rstuf\].*use "tenant-1"/);
  });
});
