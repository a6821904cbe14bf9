// Signers and pull-shaped inputs built from RSTUF's own fixtures, for the exchange tests.
import { readFileSync } from 'node:fs';
import { loadPrivateKey } from '../../main/core/keys/private-key-file.js';
import { KeyFileSigner } from '../../main/core/signers/key-file-signer.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { cliFixture, FIXTURE_PASSWORD, apiFixture, readFixtureJson } from './fixtures.js';

export type FixtureKeyName = 'JH.ed25519' | 'JJ.ecdsa' | 'JC.rsa';

export const KEY_PATHS: Record<FixtureKeyName, string> = {
  'JH.ed25519': cliFixture('JH.ed25519'),
  'JJ.ecdsa': cliFixture('JJ.ecdsa'),
  'JC.rsa': cliFixture('JC.rsa'),
};

export function fixtureSigner(name: FixtureKeyName): KeyFileSigner {
  const loaded = loadPrivateKey(readFileSync(KEY_PATHS[name], 'utf8'), Buffer.from(FIXTURE_PASSWORD));
  return new KeyFileSigner(loaded.key, `key file ${name}`, loaded.legacyScheme);
}

export const fixtureKeyId = (name: FixtureKeyName): string => computeKeyId(fixtureSigner(name).publicKey);

const unsigned = (md: any): any => ({ ...md, signatures: [] });

/**
 * Every RSTUF fixture as the offline side receives it (nothing signed yet), with the two keys
 * that are to sign it as two holders.
 */
export interface PullShapedCase {
  name: string;
  fileName: string;
  json: any;
  holders: [FixtureKeyName, FixtureKeyName];
  /** The RSTUF role name in sign payloads. */
  role: string;
}

export function pullShapedCases(): PullShapedCase[] {
  const pending = readFixtureJson(cliFixture('sign_pending_roles.json'));
  const ceremony = readFixtureJson(cliFixture('ceremony.json'));
  const ceremonyDas = readFixtureJson(cliFixture('ceremony_das.json'));
  const update = readFixtureJson(cliFixture('update.json'));
  const dasPayload = readFixtureJson(apiFixture('das-payload.json'));
  const bins = readFixtureJson(apiFixture('payload_bins.json'));
  const v1 = readFixtureJson(cliFixture('v1.json'));
  const v2 = readFixtureJson(cliFixture('v2.json'));
  const rootV1Pending = (md: any) => ({ data: { metadata: { root: unsigned(md) } }, message: 'Metadata role(s) pending signing' });
  return [
    // GET /api/v1/metadata/sign as RSTUF serves a root v2 update (trusted root v1 included).
    {
      name: 'sign_pending_roles.json (root v2 update)',
      fileName: 'metadata-sign.json',
      json: { data: { metadata: { root: unsigned(pending.data.metadata.root), trusted_root: pending.data.metadata.trusted_root } }, message: 'Metadata role(s) pending signing' },
      holders: ['JJ.ecdsa', 'JC.rsa'],
      role: 'root',
    },
    // A DAS bootstrap: root v1 pending in the "signing" state.
    { name: 'ceremony.json root v1 pending (DAS)', fileName: 'metadata-sign.json', json: rootV1Pending(ceremony.metadata.root), holders: ['JH.ed25519', 'JJ.ecdsa'], role: 'root' },
    { name: 'v1.json root pending (DAS)', fileName: 'metadata-sign.json', json: rootV1Pending(v1), holders: ['JJ.ecdsa', 'JH.ed25519'], role: 'root' },
    { name: 'ceremony.json', fileName: 'ceremony-payload.json', json: { ...ceremony, metadata: { root: unsigned(ceremony.metadata.root) } }, holders: ['JH.ed25519', 'JJ.ecdsa'], role: 'root' },
    { name: 'ceremony_das.json', fileName: 'ceremony-payload.json', json: { ...ceremonyDas, metadata: { root: unsigned(ceremonyDas.metadata.root) } }, holders: ['JJ.ecdsa', 'JH.ed25519'], role: 'root' },
    { name: 'das-payload.json', fileName: 'ceremony-payload.json', json: { ...dasPayload, metadata: { root: unsigned(dasPayload.metadata.root) } }, holders: ['JH.ed25519', 'JJ.ecdsa'], role: 'root' },
    { name: 'payload_bins.json', fileName: 'ceremony-payload.json', json: { ...bins, metadata: { root: unsigned(bins.metadata.root) } }, holders: ['JJ.ecdsa', 'JH.ed25519'], role: 'root' },
    { name: 'update.json', fileName: 'update-payload.json', json: { metadata: { root: unsigned(update.metadata.root) } }, holders: ['JJ.ecdsa', 'JC.rsa'], role: 'root' },
    { name: 'v2.json (bare metadata)', fileName: '2.root.json', json: unsigned(v2), holders: ['JC.rsa', 'JJ.ecdsa'], role: 'root' },
  ];
}
