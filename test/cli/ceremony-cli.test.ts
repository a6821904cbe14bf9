// rstuf-signer ceremony / update / delegations as a user runs them: exit codes, what they say,
// what they refuse (writing nothing), and the bundles they write.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapApiRuleErrors, checkAgainstRstufSchema, delegationRuleErrors } from '../helpers/ceremony-schema.js';
import { runSigner } from '../helpers/cli.js';
import { apiFixture, cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const ONLINE = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
const NEW_ONLINE = 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2';

let dir: string;
const path = (...p: string[]): string => join(dir, ...p);
// A private RSTUF_SIGNER_HOME: no pin in the user's own trust store can change what these commands do.
const cli = (...args: string[]) => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: path('home') } });
const write = (name: string, value: unknown): string => {
  writeFileSync(path(name), JSON.stringify(value));
  return name;
};
const ceremonyConfig = (extra: Record<string, unknown> = {}) => ({
  expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
  bins: 256,
  root: { threshold: 2, keys: [{ file: 'keys/jh.pub', name: 'Jimi' }, { file: 'keys/jj.pub', name: 'Janis' }] },
  online_key: { file: 'keys/online.pub', name: 'Online', uri: `fn:${ONLINE}` },
  ...extra,
});

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ceremony-cli-'));
  mkdirSync(path('keys'));
  for (const [from, to] of [
    ['JH.pub', 'jh.pub'],
    ['JJ.pub', 'jj.pub'],
    ['JC.pub', 'jc.pub'],
    [`${ONLINE}.pub`, 'online.pub'],
    [`${NEW_ONLINE}.pub`, 'online2.pub'],
  ] as const)
    copyFileSync(cliFixture(from), path('keys', to));
  writeFileSync(path('pw'), FIXTURE_PASSWORD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rstuf-signer ceremony', () => {
  it('exits 2 with usage when --config or --out is missing', () => {
    const r = cli('ceremony', '--out', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--config is required');
    expect(r.stderr).toContain('Usage: rstuf-signer ceremony --config CEREMONY.json --out DIR');
  });

  it('writes a bundle whose payload RSTUF schema accepts, and says how many signatures are missing', () => {
    const r = cli('ceremony', '--config', write('c.json', ceremonyConfig()), '--out', 'bundle');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(path('bundle')).sort()).toEqual(['ceremony-payload.json', 'manifest.json']);
    const payload = JSON.parse(readFileSync(path('bundle', 'ceremony-payload.json'), 'utf8'));
    expect(checkAgainstRstufSchema(payload, 'BootstrapPayload')).toEqual({ errors: [], dropped: [] });
    expect(bootstrapApiRuleErrors(payload)).toEqual([]);
    expect(r.stdout).toContain('root v1: 0 of 2 required signatures; missing 2 of: Jimi, Janis');
    expect(r.stdout).toContain('signatures still missing: 2 more for root v1 (threshold 2)');
    expect(r.stdout).toMatch(/bundle fingerprint [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}/);

    // Distributed signing: one holder signs; the CLI says one more is needed.
    const signed = cli('sign', 'bundle', '--key', cliFixture('JH.ed25519'), '--passphrase-file', 'pw');
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain('root v1: 1 of 2 required signatures by Jimi; missing 1 of: Janis');
    const verify = cli('verify', 'bundle');
    expect(verify.code).toBe(1);
  });

  it('reproduces RSTUF own ceremony.json from the same keys and answers, but a fresh expiry', () => {
    const config = {
      expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
      bins: 4,
      root: { threshold: 2, keys: [{ file: 'keys/jh.pub', name: "JimiHendrix's Key" }, { file: 'keys/jj.pub', name: "JanisJoplin's Key" }] },
      online_key: { file: 'keys/online.pub', name: 'Online Key', uri: `fn:${ONLINE}` },
    };
    const r = cli('ceremony', '--config', write('rstuf.json', config), '--out', 'rstuf');
    expect(r.code).toBe(0);
    const ours = JSON.parse(readFileSync(path('rstuf', 'ceremony-payload.json'), 'utf8'));
    const theirs = readFixtureJson(cliFixture('ceremony.json'));
    expect(ours.metadata.root.signed).toEqual({ ...theirs.metadata.root.signed, expires: ours.metadata.root.signed.expires });
    // RSTUF's CLI writes "delegations": null beside the bins; we leave the unused one out, as RSTUF's payload_bins.json does.
    const { delegations: _unused, ...theirRoles } = theirs.settings.roles;
    expect(ours.settings.roles).toEqual(theirRoles);
    expect(ours.timeout).toBe(theirs.timeout);
  });

  it('never overwrites an existing folder', () => {
    mkdirSync(path('taken'));
    writeFileSync(path('taken', 'keep.txt'), 'mine');
    const r = cli('ceremony', '--config', write('c2.json', ceremonyConfig()), '--out', 'taken');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/taken already exists/);
    expect(readdirSync(path('taken'))).toEqual(['keep.txt']);
  });

  it('refuses an invalid ceremony naming every broken rule, and writes nothing', () => {
    const bad = ceremonyConfig({
      bins: 300,
      root: { threshold: 3, keys: [{ file: 'keys/jh.pub', name: 'Jimi' }, { file: 'keys/online.pub', name: 'Online twice' }] },
    });
    const r = cli('ceremony', '--config', write('bad.json', bad), '--out', 'never');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the ceremony breaks 3 rules; nothing was written');
    expect(r.stderr).toContain('[bins-power-of-two] bins:');
    expect(r.stderr).toContain('[threshold-range] root.threshold:');
    expect(r.stderr).toContain('[online-key-not-root-key] online_key:');
    expect(existsSync(path('never'))).toBe(false);
  });

  it('builds custom delegations with offline keys instead of hash bins', () => {
    const config = ceremonyConfig({
      bins: undefined,
      delegations: [
        { name: 'prod', paths: ['prod/*'], terminating: true, threshold: 2, keys: [{ file: 'keys/jc.pub', name: 'Joe' }, { file: 'keys/jh.pub', name: 'Jimi' }], expire_policy: 30 },
        { name: 'dev', paths: ['dev/*'], keys: [] },
      ],
    });
    const r = cli('ceremony', '--config', write('custom.json', config), '--out', 'custom');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('delegated role "prod": prod/*, signed by 2 of "Joe", "Jimi", terminating, expires every 30 days');
    expect(r.stdout).toContain('delegated role "dev": dev/*, signed by the online key');
    const payload = JSON.parse(readFileSync(path('custom', 'ceremony-payload.json'), 'utf8'));
    expect(checkAgainstRstufSchema(payload, 'BootstrapPayload')).toEqual({ errors: [], dropped: [] });
    expect(bootstrapApiRuleErrors(payload)).toEqual([]);
    expect(payload.settings.roles).not.toHaveProperty('bins');
  });
});

describe('rstuf-signer update', () => {
  it('reproduces RSTUF own root v2 (update.json) from its v1 with the same changes, but a new expiry', () => {
    copyFileSync(cliFixture('v1.json'), path('v1.json'));
    const changes = {
      expiration: { root: 365 },
      root: { add: [{ file: 'keys/jc.pub', name: "JoeCocker's Key" }], remove: ["JimiHendrix's Key"] },
      online_key: { file: 'keys/online2.pub', name: 'New Online Key', uri: `fn:${NEW_ONLINE}` },
    };
    const r = cli('update', '--trusted-root', 'v1.json', '--config', write('changes.json', changes), '--out', 'update');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('signatures still missing: 2 more for trusted root v1 (threshold 2); 2 more for new root v2 (threshold 2)');
    const payload = JSON.parse(readFileSync(path('update', 'update-payload.json'), 'utf8'));
    expect(checkAgainstRstufSchema(payload, 'MetadataPostPayload')).toEqual({ errors: [], dropped: [] });
    const theirs = readFixtureJson(cliFixture('update.json')).metadata.root.signed;
    expect(payload.metadata.root.signed).toEqual({ ...theirs, expires: payload.metadata.root.signed.expires });
    expect(payload.metadata.root.signatures).toEqual([]);
  });

  it('starts from the trusted_root of a GET /api/v1/metadata/sign response, warning that a pending root is replaced', () => {
    copyFileSync(cliFixture('sign_pending_roles.json'), path('pending.json'));
    const r = cli('update', '--trusted-root', 'pending.json', '--config', write('p.json', { expiration: { root: 30 } }), '--out', 'from-pending');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('version: 1 -> 2');
    expect(r.stdout).toContain('warning: root v2 is already waiting for signatures in RSTUF; sending this update replaces it');
  });

  it('starts from a bundle folder holding the root', () => {
    // "bundle" is the ceremony bundle of the first test, signed by one of its two holders.
    const r = cli('update', '--trusted-root', 'bundle', '--config', write('b.json', { root: { threshold: 1 } }), '--out', 'from-bundle');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('root threshold: 2 -> 1 of 2 keys');
    expect(r.stdout).toContain('warning: the trusted root v1 carries only 1 of the 2 signatures its own threshold needs');
  });

  it('refuses to keep an expired root expiry', () => {
    const r = cli('update', '--trusted-root', 'v1.json', '--config', write('none.json', {}), '--out', 'expired');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[root-expiry-future] expiration.root: the trusted root expired on 2025-12-31T23:59:59Z');
    expect(existsSync(path('expired'))).toBe(false);
  });

  it('refuses fields RSTUF update endpoint would drop, and leaves them out when asked to', () => {
    const root = readFixtureJson(cliFixture('v1.json'));
    root.signed.keys[ONLINE].keyid_hash_algorithms = ['sha256', 'sha512'];
    write('legacy-root.json', root);
    const refused = cli('update', '--trusted-root', 'legacy-root.json', '--config', write('exp.json', { expiration: { root: 30 } }), '--out', 'legacy');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`[update-field-dropped] signed.keys.${ONLINE.slice(0, 8)}.keyid_hash_algorithms: RSTUF's update endpoint silently drops the key field "keyid_hash_algorithms"`);
    const dropped = cli('update', '--trusted-root', 'legacy-root.json', '--config', write('drop.json', { expiration: { root: 30 }, drop_unsupported_fields: true }), '--out', 'legacy');
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toContain(`fields RSTUF's update endpoint would drop, removed: signed.keys.${ONLINE.slice(0, 8)}.keyid_hash_algorithms`);
    const payload = JSON.parse(readFileSync(path('legacy', 'update-payload.json'), 'utf8'));
    expect(checkAgainstRstufSchema(payload, 'MetadataPostPayload')).toEqual({ errors: [], dropped: [] });
  });

  it('without --trusted-root and no pinned root, exits 2 saying what to give', () => {
    const r = cli('update', '--config', 'none.json', '--out', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give the current root with --trusted-root ROOT.json');
  });

  it('starts from the pinned root when --trusted-root is left out, and refuses a root that does not chain from the pin', () => {
    copyFileSync(cliFixture('root.json'), path('other-root.json'));
    const pin = cli('trust', 'pin', 'other-root.json', '--trust-store', 'store', '--yes');
    expect(pin.code).toBe(0);
    const fromPin = cli('update', '--trust-store', 'store', '--config', write('t1.json', { root: { threshold: 2 } }), '--out', 'from-pin');
    expect(fromPin.stderr).toBe('');
    expect(fromPin.code).toBe(0);
    expect(fromPin.stdout).toContain('Starting from root v1, the latest root the trust store verified from its pin');
    expect(fromPin.stdout).toContain('root threshold: 1 -> 2 of 2 keys');
    // RSTUF's v1.json is a different root v1 than the one pinned: a swapped root.
    const swapped = cli('update', '--trust-store', 'store', '--trusted-root', 'v1.json', '--config', write('t2.json', { expiration: { root: 30 } }), '--out', 'swapped');
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/root v1 is not the root v1 this trust store verified/);
    expect(existsSync(path('swapped'))).toBe(false);
  });

  it('warns when the trusted root given is not fully signed by its own keys', () => {
    const r = cli('update', '--trusted-root', 'v1.json', '--config', write('t3.json', { expiration: { root: 30 } }), '--out', 'warned');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning: the trusted root v1 carries only 1 of the 2 signatures its own threshold needs');
  });
});

describe('rstuf-signer delegations', () => {
  it('writes the delegations payload RSTUF schema accepts; there is nothing in it to sign', () => {
    const config = { delegations: [{ name: 'tenant1-group1-policy', paths: ['tenant1/group1/policy/*'], threshold: 2, keys: [{ file: 'keys/jh.pub', name: 'JH' }, { file: 'keys/jc.pub', name: 'JC' }], expire_policy: 365 }] };
    const r = cli('delegations', '--config', write('d.json', config), '--out', 'deleg');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('POST /api/v1/delegations/');
    const [file] = readdirSync(path('deleg')).filter((f) => f !== 'manifest.json');
    const payload = JSON.parse(readFileSync(path('deleg', file as string), 'utf8'));
    expect(checkAgainstRstufSchema(payload, 'MetadataDelegationsPayload')).toEqual({ errors: [], dropped: [] });
    expect(delegationRuleErrors(payload.delegations)).toEqual([]);
    // Same keys, names, paths and policy as RSTUF's own delegation-payload example in its swagger.
    const example = readFixtureJson(apiFixture('swagger.json')).components.schemas.MetadataDelegationsPayload.example;
    expect(payload.delegations.roles[0]).toEqual({ ...example.delegations.roles[0], keyids: payload.delegations.roles[0].keyids });
    expect(Object.keys(payload.delegations.keys).sort()).toEqual(Object.keys(example.delegations.keys).sort());
    const before = readFileSync(path('deleg', 'manifest.json'));
    const sign = cli('sign', 'deleg', '--key', cliFixture('JH.ed25519'), '--passphrase-file', 'pw');
    expect(sign.code).toBe(1);
    expect(sign.stderr).not.toBe('');
    expect(readFileSync(path('deleg', 'manifest.json'))).toEqual(before);
  });

  it('refuses role names RSTUF would lower-case', () => {
    const r = cli('delegations', '--config', write('d2.json', { delegations: [{ name: 'Prod_EU', paths: ['eu/*'] }] }), '--out', 'd2');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[role-name-survives-rstuf] delegations[0].name:');
    expect(r.stderr).toContain('use "prod-eu"');
  });
});
