// Benchmark inputs, generated from a fixed seed so every run (and every machine) measures the
// same bytes: keys are ed25519 keys derived from sha256(seed, name), artifact hashes likewise.
//
// Cases (see docs/performance.md):
// - targets-100k: GET /api/v1/metadata/sign response for a delegated targets role "production"
//   with 100,000 artifacts pending signature (v2, 1 of 2 signatures present) plus the trusted
//   targets that delegates it (RSTUF's sign-pending shape, rstuf-formats.md 1.2).
// - bootstrap-16384-bins: POST /api/v1/bootstrap/ payload with number_of_delegated_bins 16384
//   and an unsigned root v1 (2 offline root keys, threshold 2, one online key), built by
//   shared/ceremony's buildBootstrapPayload when it is compiled.
// - root-20-keys: bare root v1 metadata with 20 root keys, threshold 11, 10 signatures present.

import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SEED = 'rstuf-offline-signer-bench-v1';
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const EXPIRES = '2030-01-01T00:00:00Z';

const digestHex = (algorithm, ...parts) => createHash(algorithm).update(parts.join('\0')).digest('hex');

/** An ed25519 key derived from the seed: {privateKey (KeyObject), pem, tufKey, keyid}. */
export function seededKey(name, canonicalize) {
  const seed = createHash('sha256').update(`${SEED}\0key\0${name}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicHex = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const tufKey = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: publicHex } };
  const keyid = createHash('sha256').update(canonicalize(tufKey)).digest('hex');
  return { privateKey, pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), tufKey, keyid, name };
}

/** A TUF signature of `signed` by a seeded key (canonical JSON, ed25519). */
export function signWith(key, signed, canonicalize) {
  return { keyid: key.keyid, sig: sign(null, Buffer.from(canonicalize(signed), 'utf8'), key.privateKey).toString('hex') };
}

function namedKey(key) {
  return { ...key.tufKey, 'x-rstuf-key-name': key.name };
}

export function targetsCase(canonicalize, artifacts = 100_000) {
  const k1 = seededKey('production-1', canonicalize);
  const k2 = seededKey('production-2', canonicalize);
  const online = seededKey('online', canonicalize);
  const delegations = {
    keys: { [k1.keyid]: namedKey(k1), [k2.keyid]: namedKey(k2) },
    roles: [
      { name: 'default', terminating: true, keyids: [], threshold: 1, paths: ['*'], 'x-rstuf-expire-policy': 1 },
      { name: 'production', terminating: true, keyids: [k1.keyid, k2.keyid], threshold: 2, paths: ['production/*'], 'x-rstuf-expire-policy': 7 },
    ],
  };
  const trustedTargetsSigned = { _type: 'targets', spec_version: '1.0.31', version: 3, expires: EXPIRES, targets: {}, delegations };
  const trustedTargets = { signatures: [signWith(online, trustedTargetsSigned, canonicalize)], signed: trustedTargetsSigned };

  const targets = {};
  for (let i = 0; i < artifacts; i++) {
    const name = `production/pkg-${(i % 997).toString(36)}/release-${i}/pkg-${i}-1.${i % 50}.0.tar.gz`;
    // Key order as python-tuf's TargetFile.to_dict writes it (what RSTUF serves): not sorted.
    targets[name] = {
      length: 1024 + ((i * 7919) % 10_000_000),
      hashes: { 'blake2b-256': digestHex('sha256', SEED, 'b2', String(i)), sha256: digestHex('sha256', SEED, 's', String(i)) },
    };
  }
  const pendingSigned = { _type: 'targets', spec_version: '1.0.31', version: 2, expires: EXPIRES, targets };
  const pending = { signatures: [signWith(k1, pendingSigned, canonicalize)], signed: pendingSigned };
  return {
    json: { data: { metadata: { production: pending, trusted_targets: trustedTargets } }, message: 'Metadata role(s) pending signing' },
    signer: k2,
    signedPath: ['data', 'metadata', 'production', 'signed'],
  };
}

function rootSigned(rootKeys, online, threshold) {
  const keys = {};
  for (const k of rootKeys) keys[k.keyid] = namedKey(k);
  keys[online.keyid] = { ...namedKey(online), 'x-rstuf-online-key-uri': `fn:${online.keyid}` };
  const onlineRole = { keyids: [online.keyid], threshold: 1 };
  return {
    _type: 'root',
    spec_version: '1.0.31',
    version: 1,
    expires: EXPIRES,
    consistent_snapshot: true,
    keys,
    roles: { root: { keyids: rootKeys.map((k) => k.keyid), threshold }, timestamp: onlineRole, snapshot: onlineRole, targets: onlineRole },
  };
}

export function bootstrapCase(canonicalize, buildBootstrapPayload) {
  const rootKeys = [seededKey('bootstrap-root-1', canonicalize), seededKey('bootstrap-root-2', canonicalize)];
  const online = seededKey('online', canonicalize);
  if (buildBootstrapPayload) {
    // The payload exactly as the app's and the CLI's ceremony (shared/ceremony) builds it.
    const named = (k, name) => ({ keyid: k.keyid, key: k.tufKey, name });
    const { payload } = buildBootstrapPayload(
      {
        expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
        delegation: { kind: 'bins', count: 16384 },
        root: { threshold: 2, keys: [named(rootKeys[0], 'bootstrap-root-1'), named(rootKeys[1], 'bootstrap-root-2')] },
        onlineKey: { ...named(online, 'online'), uri: `fn:${online.keyid}` },
      },
      new Date('2029-01-01T00:00:00Z'),
    );
    return { json: payload, signer: rootKeys[0], signedPath: ['metadata', 'root', 'signed'] };
  }
  const json = {
    settings: {
      roles: {
        root: { expiration: 365 },
        timestamp: { expiration: 1 },
        snapshot: { expiration: 1 },
        targets: { expiration: 365 },
        bins: { expiration: 1, number_of_delegated_bins: 16384 },
      },
    },
    metadata: { root: { signatures: [], signed: rootSigned(rootKeys, online, 2) } },
    timeout: 300,
  };
  return { json, signer: rootKeys[0], signedPath: ['metadata', 'root', 'signed'] };
}

export function rootCase(canonicalize) {
  const rootKeys = Array.from({ length: 20 }, (_, i) => seededKey(`root-${i + 1}`, canonicalize));
  const online = seededKey('online', canonicalize);
  const signed = rootSigned(rootKeys, online, 11);
  const signatures = rootKeys.slice(0, 10).map((k) => signWith(k, signed, canonicalize));
  return { json: { signatures, signed }, signer: rootKeys[10], signedPath: ['signed'] };
}

/** Writes every case's input and signer key file into `dir`; returns their descriptions. */
export function generateAll(dir, canonicalize, buildBootstrapPayload) {
  mkdirSync(dir, { recursive: true });
  const cases = [
    { name: 'targets-100k', label: 'delegated targets, 100,000 artifacts', ...targetsCase(canonicalize) },
    { name: 'bootstrap-16384-bins', label: 'bootstrap payload, 16,384 bins', ...bootstrapCase(canonicalize, buildBootstrapPayload) },
    { name: 'root-20-keys', label: 'root, 20 keys (10 of 11 signed)', ...rootCase(canonicalize) },
  ];
  return cases.map((c) => {
    const input = join(dir, `${c.name}.json`);
    const key = join(dir, `${c.name}.signer.pem`);
    // RSTUF's API answers with compact JSON; keep the same shape on disk.
    writeFileSync(input, JSON.stringify(c.json));
    writeFileSync(key, c.signer.pem, { mode: 0o600 });
    // The same key as securesystemslib 0.26 holds it in memory (private = the 32-byte seed), for the python run.
    const sslibKey = join(dir, `${c.name}.signer.sslib.json`);
    const seedHex = c.signer.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16).toString('hex');
    writeFileSync(sslibKey, JSON.stringify({ ...c.signer.tufKey, keyid: c.signer.keyid, keyval: { ...c.signer.tufKey.keyval, private: seedHex } }), { mode: 0o600 });
    return { name: c.name, label: c.label, input, key, sslibKey, signedPath: c.signedPath, signerKeyId: c.signer.keyid };
  });
}
