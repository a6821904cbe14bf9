// Crafting root / targets metadata for review and trust tests: real keys (RSTUF's fixture keys or
// fresh ones), real signatures through the engine's signer, so the statuses under test are the
// ones a key holder would see.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalBytes, canonicalize } from '../../shared/tuf/canonical.js';
import type { RootMetadata, TargetsMetadata, TufKey, TufMetadata, TufRootSigned, TufTargetFile, TufTargetsSigned } from '../../shared/tuf/types.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { loadPrivateKey } from '../../main/core/keys/private-key-file.js';
import { KeyFileSigner } from '../../main/core/signers/key-file-signer.js';
import { signAndVerify } from '../../main/core/signers/signer.js';
import { cliFixture, FIXTURE_PASSWORD } from './fixtures.js';

export interface TestKey {
  keyid: string;
  key: TufKey;
  signer: KeyFileSigner;
}

export const DAY = 86_400_000;
/** A fixed "now" so expiry warnings do not depend on the day the tests run. */
export const NOW = Date.parse('2026-06-01T00:00:00Z');
export const isoIn = (days: number): string => new Date(NOW + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function freshKey(name: string, extra: Record<string, string> = {}): TestKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = new KeyFileSigner(privateKey, `test key ${name}`);
  const key: TufKey = { ...signer.publicKey, 'x-rstuf-key-name': name, ...extra };
  return { keyid: computeKeyId(key), key, signer };
}

/** RSTUF's own test keys (password hunter2): JH ed25519, JJ ecdsa, JC rsa. */
export function fixtureKey(file: 'JH.ed25519' | 'JJ.ecdsa' | 'JC.rsa', name: string): TestKey {
  const loaded = loadPrivateKey(readFileSync(cliFixture(file), 'utf8'), Buffer.from(FIXTURE_PASSWORD));
  const signer = new KeyFileSigner(loaded.key, `fixture ${file}`, loaded.legacyScheme);
  const key: TufKey = { ...signer.publicKey, 'x-rstuf-key-name': name };
  return { keyid: computeKeyId(key), key, signer };
}

/** The legacy securesystemslib key id (hashes keyid_hash_algorithms too): same key, another id. */
export function legacyKeyId(key: TufKey): string {
  return createHash('sha256')
    .update(canonicalize({ keytype: key.keytype, scheme: key.scheme, keyid_hash_algorithms: ['sha256', 'sha512'], keyval: key.keyval }))
    .digest('hex');
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export interface RootSpec {
  version: number;
  root: TestKey[];
  threshold: number;
  online: TestKey;
  expires?: string;
}

export function rootSigned(spec: RootSpec): TufRootSigned {
  const keys: Record<string, TufKey> = {};
  for (const k of [...spec.root, spec.online]) keys[k.keyid] = clone(k.key);
  const online = { keyids: [spec.online.keyid], threshold: 1 };
  return {
    _type: 'root',
    spec_version: '1.0.31',
    version: spec.version,
    expires: spec.expires ?? isoIn(365),
    consistent_snapshot: true,
    keys,
    roles: { root: { keyids: spec.root.map((k) => k.keyid), threshold: spec.threshold }, timestamp: clone(online), snapshot: clone(online), targets: clone(online) },
  };
}

/** Signs `signed` with each key (through signAndVerify, as the engine does). */
export async function signWith<S extends TufMetadata['signed']>(signed: S, keys: TestKey[]): Promise<TufMetadata<S>> {
  const bytes = canonicalBytes(signed);
  const signatures = [];
  for (const k of keys) signatures.push(await signAndVerify(k.signer, bytes, k.keyid, k.key));
  return { signed, signatures };
}

export async function signedRoot(signed: TufRootSigned, keys: TestKey[]): Promise<RootMetadata> {
  return (await signWith(signed, keys)) as RootMetadata;
}

export function targetsSigned(version: number, targets: Record<string, TufTargetFile>, extra: Partial<TufTargetsSigned> = {}): TufTargetsSigned {
  return { _type: 'targets', spec_version: '1.0.31', version, expires: isoIn(90), targets, ...extra };
}

export async function signedTargets(signed: TufTargetsSigned, keys: TestKey[]): Promise<TargetsMetadata> {
  return (await signWith(signed, keys)) as TargetsMetadata;
}

export const artifact = (content: string): TufTargetFile => ({ length: content.length, hashes: { sha256: createHash('sha256').update(content).digest('hex') } });

/** A GET /api/v1/metadata/sign response holding `metadata` by role name. */
export const signPending = (metadata: Record<string, TufMetadata>) => ({ data: { metadata }, message: 'Metadata role(s) pending signing' });
