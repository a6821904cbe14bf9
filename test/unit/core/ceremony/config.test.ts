import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BINS, DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import { SignerError } from '../../../../shared/errors.js';
import { readCeremonyConfig, readDelegationsConfig, readUpdateConfig } from '../../../../main/core/ceremony/config.js';
import { cliFixture } from '../../../helpers/fixtures.js';

// Key ids of RSTUF's own test keys, as its fixtures (ceremony.json, update.json) list them.
const JH = 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc';
const JJ = '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3';
const JC = '2f685fa7546f1856b123223ab086b3def14c89d24eef18f49c32508c2f60e241';
const ONLINE = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';

let dir: string;
const write = (name: string, value: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const failure = async (fn: () => Promise<unknown>): Promise<SignerError> => {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SignerError) return e;
    throw e;
  }
  throw new Error('expected a SignerError');
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ceremony-config-'));
  mkdirSync(join(dir, 'keys'));
  copyFileSync(cliFixture('JH.pub'), join(dir, 'keys', 'jh.pub'));
  copyFileSync(cliFixture('JJ.pub'), join(dir, 'keys', 'jj.pub'));
  copyFileSync(cliFixture('JC.pub'), join(dir, 'keys', 'jc.pub'));
  copyFileSync(cliFixture('hsm-9c-ecc.crt'), join(dir, 'keys', 'yubikey.crt'));
  copyFileSync(cliFixture(`${ONLINE}.pub`), join(dir, 'keys', 'online.pub'));
  copyFileSync(cliFixture('JH.ed25519'), join(dir, 'keys', 'jh-private.pem'));
  // The ed25519 key as bare hex, and as a legacy securesystemslib JSON public key.
  write('keys/jh.hex', '4f66dabebcf30628963786001984c0b75c175cdcf3bc4855933a2628f0cd0a0f\n');
  write('keys/jh.json', { keytype: 'ed25519', scheme: 'ed25519', keyid_hash_algorithms: ['sha256', 'sha512'], keyval: { public: '4f66dabebcf30628963786001984c0b75c175cdcf3bc4855933a2628f0cd0a0f' } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minimal = (extra: Record<string, unknown> = {}) => ({
  root: { threshold: 2, keys: [{ file: 'keys/jh.pub', name: 'Jimi' }, { file: 'keys/jj.pub', name: 'Janis' }] },
  online_key: { file: 'keys/online.pub', name: 'Online', uri: `fn:${ONLINE}` },
  ...extra,
});

describe(readCeremonyConfig.name, () => {
  it('reads key files relative to the config file and fills RSTUF defaults', async () => {
    const input = await readCeremonyConfig(write('c1.json', minimal()));
    expect(input.expiration).toEqual(DEFAULT_EXPIRATION);
    expect(input.delegation).toEqual({ kind: 'bins', count: DEFAULT_BINS });
    expect(input.root.keys.map((k) => [k.keyid, k.name, k.source])).toEqual([
      [JH, 'Jimi', 'keys/jh.pub'],
      [JJ, 'Janis', 'keys/jj.pub'],
    ]);
    expect(input.onlineKey).toMatchObject({ keyid: ONLINE, name: 'Online', uri: `fn:${ONLINE}` });
  });

  it('names a YubiKey certificate key by its CN, and a nameless key by its key id, like RSTUF CLI', async () => {
    const input = await readCeremonyConfig(write('c2.json', minimal({ root: { threshold: 1, keys: [{ file: 'keys/yubikey.crt' }, { file: 'keys/jc.pub' }] } })));
    expect(input.root.keys.map((k) => k.name)).toEqual(['YubiKey 9c PIV Test', JC]);
    expect(input.root.keys[0]?.key.scheme).toBe('ecdsa-sha2-nistp256');
  });

  it('reads ed25519 hex and securesystemslib JSON public keys to the same key id as the PEM', async () => {
    for (const file of ['keys/jh.hex', 'keys/jh.json']) {
      const input = await readCeremonyConfig(write('c3.json', minimal({ root: { threshold: 1, keys: [{ file, name: 'Jimi' }] } })));
      expect(input.root.keys[0]?.keyid).toBe(JH);
      expect(Object.keys(input.root.keys[0]!.key).sort()).toEqual(['keytype', 'keyval', 'scheme']);
    }
  });

  it('reads custom delegations with defaults: terminating, online key when no keys, expire policy 1', async () => {
    const input = await readCeremonyConfig(
      write('c4.json', minimal({ delegations: [{ name: 'prod', paths: ['prod/*'], threshold: 2, keys: [{ file: 'keys/jc.pub', name: 'Joe' }, { file: 'keys/jh.pub', name: 'Jimi' }], expire_policy: 30 }, { name: 'dev', paths: ['dev/*'] }] })),
    );
    expect(input.delegation).toMatchObject({
      kind: 'custom',
      roles: [
        { name: 'prod', terminating: true, threshold: 2, expirePolicy: 30, keys: [{ keyid: JC }, { keyid: JH }] },
        { name: 'dev', terminating: true, threshold: 1, expirePolicy: 1, keys: [] },
      ],
    });
  });

  it('refuses a private key file where a public key belongs, naming the config field', async () => {
    const e = await failure(() => readCeremonyConfig(write('c5.json', minimal({ root: { threshold: 1, keys: [{ file: 'keys/jh-private.pem', name: 'Jimi' }] } }))));
    expect(e.code).toBe('KEY_UNREADABLE');
    expect(e.message).toMatch(/^ceremony root\.keys\[0\]\.file: .*private key; give the public key/);
  });

  it('names a missing key file', async () => {
    const e = await failure(() => readCeremonyConfig(write('c6.json', minimal({ online_key: { file: 'keys/nope.pub', uri: 'fn:x' } }))));
    expect(e.message).toMatch(/online_key\.file: cannot read nope\.pub: no such file/);
  });

  it('reports every shape problem at once: unknown fields, wrong types, both bins and delegations', async () => {
    const e = await failure(() =>
      readCeremonyConfig(write('c7.json', { ...minimal({ bins: 4, delegations: [] }), expiration: { root: '365', roots: 1 }, root: { threshold: 2, keys: [{ file: 'keys/jh.pub', nmae: 'x' }] }, onlinekey: {} })),
    );
    expect(e.code).toBe('CEREMONY_INVALID');
    for (const expected of ['[config-format] onlinekey: unknown field', '[config-format] expiration.roots: unknown field', '[config-format] expiration.root: must be a number', '[config-format] root.keys[0].nmae: unknown field', '[bins-or-delegations] bins:']) {
      expect(e.message).toContain(expected);
    }
  });

  it('says what is missing from an empty config', async () => {
    const e = await failure(() => readCeremonyConfig(write('c8.json', {})));
    expect(e.message).toContain('[config-format] root: must be a JSON object');
    expect(e.message).toContain('[config-format] online_key: give the online key');
  });

  it('refuses a config that is not strict JSON', async () => {
    const e = await failure(() => readCeremonyConfig(write('c9.json', '{"bins": 4, "bins": 8}')));
    expect(e.code).toBe('INPUT_MALFORMED');
    expect(e.message).toMatch(/^ceremony config: /);
  });
});

describe(readUpdateConfig.name, () => {
  it('reads every optional part', async () => {
    const changes = await readUpdateConfig(
      write('u1.json', { expiration: { root: 90 }, root: { threshold: 2, add: [{ file: 'keys/jc.pub', name: 'Joe' }], remove: ['Jimi', JJ] }, online_key: { file: 'keys/online.pub', name: 'Online', uri: 'awskms:alias/x' }, drop_unsupported_fields: true }),
    );
    expect(changes).toMatchObject({ rootExpirationDays: 90, threshold: 2, remove: ['Jimi', JJ], onlineKey: { keyid: ONLINE, uri: 'awskms:alias/x' }, dropUnsupportedFields: true });
    expect(changes.add?.map((k) => k.keyid)).toEqual([JC]);
  });
  it('accepts an empty change set', async () => {
    expect(await readUpdateConfig(write('u2.json', {}))).toEqual({});
  });
  it('refuses ceremony-only fields, which an update cannot change', async () => {
    const message = (await failure(() => readUpdateConfig(write('u3.json', { expiration: { targets: 7 }, bins: 4 })))).message;
    expect(message).toContain('[config-format] expiration.targets: unknown field; expected one of "root"');
    expect(message).toContain('[config-format] bins: unknown field');
  });
});

describe(readDelegationsConfig.name, () => {
  it('reads {"delegations": [roles]}', async () => {
    const input = await readDelegationsConfig(write('d1.json', { delegations: [{ name: 'tenant1', paths: ['tenant1/*'], terminating: false, threshold: 1, keys: [{ file: 'keys/jc.pub', name: 'Joe' }], expire_policy: 365 }] }));
    expect(input.roles).toMatchObject([{ name: 'tenant1', terminating: false, expirePolicy: 365, keys: [{ keyid: JC, name: 'Joe' }] }]);
  });
  it('refuses a role without paths', async () => {
    expect((await failure(() => readDelegationsConfig(write('d2.json', { delegations: [{ name: 'x' }] })))).message).toContain('[config-format] delegations[0].paths');
  });
});
