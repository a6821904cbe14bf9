// The config examples in docs/ceremonies.md are what users copy: each one must load and build.
import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBootstrapPayload, buildDelegationsPayload } from '../../../../shared/ceremony/build.js';
import { readCeremonyConfig, readDelegationsConfig, readUpdateConfig } from '../../../../main/core/ceremony/config.js';
import { checkAgainstRstufSchema } from '../../../helpers/ceremony-schema.js';
import { cliFixture, REPO_ROOT } from '../../../helpers/fixtures.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/ceremonies.md'), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string)).filter((e) => !('pkcs11' in e));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ceremony-docs-'));
  mkdirSync(join(dir, 'keys'));
  for (const name of ['alice', 'carol', 'dana', 'erin', 'frank', 'online-2026']) {
    writeFileSync(join(dir, 'keys', `${name}.pub`), generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
  }
  copyFileSync(cliFixture('hsm-9c-ecc.crt'), join(dir, 'keys', 'bob.crt'));
  copyFileSync(cliFixture('0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043.pub'), join(dir, 'keys', 'online.pub'));
  copyFileSync(cliFixture('JH.pub'), join(dir, 'keys', 'jh.pub'));
  copyFileSync(cliFixture('JC.pub'), join(dir, 'keys', 'jc.pub'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const save = (name: string, json: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(json));
  return p;
};

describe('docs/ceremonies.md examples', () => {
  it('has the ceremony (bins and custom delegations), changes and delegations examples', () => {
    expect(examples).toHaveLength(4);
  });

  it.each([0, 1])('ceremony example %i builds a payload RSTUF schema accepts, without warnings', async (i) => {
    const built = buildBootstrapPayload(await readCeremonyConfig(save(`ceremony-${i}.json`, examples[i])), new Date(), publicKeyIdentity);
    expect(checkAgainstRstufSchema(built.payload, 'BootstrapPayload')).toEqual({ errors: [], dropped: [] });
    expect(built.warnings).toEqual([]);
  });

  it('the changes example loads', async () => {
    const changes = await readUpdateConfig(save('changes.json', examples[2]));
    expect(changes).toMatchObject({ rootExpirationDays: 365, threshold: 2, remove: ['Alice', expect.stringMatching(/^[0-9a-f]{64}$/)], dropUnsupportedFields: false });
    expect(changes.onlineKey?.uri).toMatch(/^fn:/);
  });

  it('the delegations example builds', async () => {
    const built = buildDelegationsPayload(await readDelegationsConfig(save('delegations.json', examples[3])), publicKeyIdentity);
    expect(checkAgainstRstufSchema(built.payload, 'MetadataDelegationsPayload')).toEqual({ errors: [], dropped: [] });
  });
});
