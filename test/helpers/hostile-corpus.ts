// A corpus of named hostile inputs, each with the error a key holder must see. Built from RSTUF's
// own fixtures (mutated) plus a small delegated targets role signed with seeded ed25519 keys.
// Used by test/unit/hostile/corpus.test.ts (engine) and test/cli/hostile-corpus.test.ts (CLI).

import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { cliFixture } from './fixtures.js';

/** Where the failure shows: loading the file, verifying its signatures, reviewing it, or signing it. */
export type Stage = 'load' | 'verify' | 'review' | 'sign';

export interface CorpusCase {
  name: string;
  file: string;
  stage: Stage;
  /** SignerError code (load / sign), or the review warning code (review). */
  code: string;
  /** Words the message must contain (engine and CLI alike). */
  words: RegExp;
  /** Key to sign with at the sign stage: 'JH' (RSTUF's JH.ed25519) or 'delegated' (seeded key 2). */
  signer?: 'JH' | 'delegated';
  /** A trusted root to pass with --trusted-root (and to signDocument) at the sign stage. */
  trustedRoot?: string;
}

export interface Corpus {
  dir: string;
  cases: CorpusCase[];
  /** Unencrypted PKCS#8 PEM of the seeded key authorized for the delegated role (not yet signed). */
  delegatedKeyPem: string;
  delegatedKeyFile: string;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface SeededKey {
  privateKey: KeyObject;
  keyid: string;
  tufKey: { keytype: string; scheme: string; keyval: { public: string } };
}

function seededKey(name: string): SeededKey {
  const seed = createHash('sha256').update(`hostile-corpus\0${name}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const tufKey = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: pub } };
  return { privateKey, tufKey, keyid: createHash('sha256').update(canonicalize(tufKey)).digest('hex') };
}

const signOver = (key: SeededKey, signed: unknown) => ({ keyid: key.keyid, sig: sign(null, Buffer.from(canonicalize(signed), 'utf8'), key.privateKey).toString('hex') });

/** GET /api/v1/metadata/sign response for delegated role "production" (1 of 2 signatures). */
export function delegatedSignPending(expires = '2030-01-01T00:00:00Z'): { json: any; signer: SeededKey; other: SeededKey } {
  const k1 = seededKey('production-1');
  const k2 = seededKey('production-2');
  const online = seededKey('online');
  const trustedSigned = {
    _type: 'targets',
    spec_version: '1.0.31',
    version: 3,
    expires: '2030-01-01T00:00:00Z',
    targets: {},
    delegations: {
      keys: { [k1.keyid]: { ...k1.tufKey, 'x-rstuf-key-name': 'production 1' }, [k2.keyid]: { ...k2.tufKey, 'x-rstuf-key-name': 'production 2' } },
      roles: [{ name: 'production', terminating: true, keyids: [k1.keyid, k2.keyid], threshold: 2, paths: ['production/*'], 'x-rstuf-expire-policy': 7 }],
    },
  };
  const pendingSigned = {
    _type: 'targets',
    version: 2,
    spec_version: '1.0.31',
    expires,
    targets: {
      'production/app-1.0.tar.gz': { length: 1024, hashes: { sha256: createHash('sha256').update('app-1.0').digest('hex') } },
      'production/app-1.1.tar.gz': { length: 2048, hashes: { sha256: createHash('sha256').update('app-1.1').digest('hex') } },
    },
  };
  return {
    json: {
      data: {
        metadata: {
          production: { signatures: [signOver(k1, pendingSigned)], signed: pendingSigned },
          trusted_targets: { signatures: [signOver(online, trustedSigned)], signed: trustedSigned },
        },
      },
      message: 'Metadata role(s) pending signing',
    },
    signer: k2,
    other: k1,
  };
}

const fixture = (name: string): any => JSON.parse(readFileSync(cliFixture(name), 'utf8'));
const clone = <T>(v: T): T => structuredClone(v);

export function buildCorpus(dir: string): Corpus {
  mkdirSync(dir, { recursive: true });
  const cases: CorpusCase[] = [];
  const pendingText = readFileSync(cliFixture('sign_pending_roles.json'), 'utf8');
  const pending = fixture('sign_pending_roles.json');
  const ceremony = fixture('ceremony.json');
  const update = fixture('update.json');
  const v1 = fixture('v1.json');
  const delegated = delegatedSignPending();

  const add = (name: string, content: string | Buffer, stage: Stage, code: string, words: RegExp, extra: Partial<CorpusCase> = {}): void => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, content);
    cases.push({ name, file, stage, code, words, ...extra });
  };
  const json = (v: unknown): string => JSON.stringify(v, null, 1);
  const mutate = (base: any, change: (doc: any) => void): string => {
    const doc = clone(base);
    change(doc);
    return json(doc);
  };

  // --- not JSON at all, or JSON that hides tampering -------------------------------------------
  add('empty-file', '', 'load', 'INPUT_MALFORMED', /the input is empty/);
  add('only-whitespace', ' \n\t\r\n', 'load', 'INPUT_MALFORMED', /the input is empty/);
  add('truncated-half', pendingText.slice(0, Math.floor(pendingText.length / 2)), 'load', 'INPUT_MALFORMED', /truncated JSON/);
  add('truncated-in-string', '{"data": {"metadata": {"root": {"signed": {"_type": "ro', 'load', 'INPUT_MALFORMED', /unterminated string \(truncated JSON\?\)/);
  add('truncated-after-key', '{"signed"', 'load', 'INPUT_MALFORMED', /unexpected end of input inside an object \(truncated JSON\?\)/);
  add('trailing-comma', '{"signed": {"_type": "root",}, "signatures": []}', 'load', 'INPUT_MALFORMED', /expected a quoted object key/);
  add('trailing-garbage', `${json(v1)}\n{"signed": {}}`, 'load', 'INPUT_MALFORMED', /unexpected data after the JSON value/);
  add('single-quotes', "{'signed': {}}", 'load', 'INPUT_MALFORMED', /expected a quoted object key/);
  add('javascript-comment', `// exported from RSTUF\n${json(v1)}`, 'load', 'INPUT_MALFORMED', /unexpected character '\/'/);
  add('nan-literal', '{"signed": {"version": NaN}}', 'load', 'INPUT_MALFORMED', /unexpected character 'N'/);
  add('invalid-escape', '{"signed": {"_type": "ro\\xot"}}', 'load', 'INPUT_MALFORMED', /invalid escape/);
  add('leading-zero', '{"signed": {"version": 01}}', 'load', 'INPUT_MALFORMED', /leading zero/);
  add('duplicate-top-level-key', `{"data": {"metadata": {}}, "data": ${json(pending.data)}}`, 'load', 'INPUT_MALFORMED', /duplicate key "data"/);
  add(
    'duplicate-version-in-signed',
    json(v1).replace('"version": 1,', '"version": 1,\n "version": 2,'),
    'load',
    'INPUT_MALFORMED',
    /duplicate key "version"/,
  );
  add(
    'duplicate-keyid-in-keys',
    json(v1).replace(/"keys": \{\n(\s*)"([0-9a-f]{64})": (\{[^}]*\{[^}]*\}[^}]*\}),/, (_m, sp: string, id: string, body: string) => `"keys": {\n${sp}"${id}": ${body},\n${sp}"${id}": ${body},`),
    'load',
    'INPUT_MALFORMED',
    /duplicate key "[0-9a-f]{57}\.\.\."/,
  );
  add('float-version', json(v1).replace('"version": 1,', '"version": 1.0,'), 'load', 'INPUT_MALFORMED', /number 1\.0 is not an integer/);
  add('exponent-threshold', json(v1).replace('"threshold": 2', '"threshold": 2e0'), 'load', 'INPUT_MALFORMED', /number 2e0 is not an integer/);
  add('unsafe-integer-version', json(v1).replace('"version": 1,', '"version": 18446744073709551617,'), 'load', 'INPUT_MALFORMED', /too large to represent exactly/);
  add('nul-byte-in-string', json(v1).replace('"_type": "root"', '"_type": "root\u0000"'), 'load', 'INPUT_MALFORMED', /raw control character in a string/);
  add('nul-byte-outside-strings', Buffer.concat([Buffer.from('{"signed": '), Buffer.from([0]), Buffer.from('{}}')]), 'load', 'INPUT_MALFORMED', /unexpected character/);
  add('lone-surrogate-escape', json(v1).replace('"_type": "root"', '"_type": "root\\ud800"'), 'load', 'INPUT_MALFORMED', /lone surrogate/);
  add('invalid-utf8', Buffer.concat([Buffer.from('{"signed": {"_type": "r'), Buffer.from([0xff, 0xfe]), Buffer.from('oot"}}')]), 'load', 'INPUT_MALFORMED', /is not UTF-8 text/);
  add('utf16-with-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(v1), 'utf16le')]), 'load', 'INPUT_MALFORMED', /is not UTF-8 text/);
  add('deeply-nested-arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'load', 'INPUT_MALFORMED', /nesting deeper than 64 levels/);
  add('deeply-nested-in-signed', json(v1).replace('"consistent_snapshot": true', `"x-rstuf-deep": ${'{"a":'.repeat(80)}1${'}'.repeat(80)}`), 'load', 'INPUT_MALFORMED', /nesting deeper than 64 levels/);
  const huge = join(dir, 'huge-sparse.json');
  writeFileSync(huge, '');
  truncateSync(huge, 65 * 1024 * 1024); // sparse: costs no disk, still 65 MB to stat
  cases.push({ name: 'huge-65mb', file: huge, stage: 'load', code: 'INPUT_TOO_LARGE', words: /65\.0 MB, larger than the 64 MB limit/ });

  // --- JSON, but not RSTUF/TUF -------------------------------------------------------------------
  add('top-level-array', json([v1]), 'load', 'INPUT_NOT_TUF', /expected a JSON object, found a JSON array/);
  add('top-level-string', json('root.json'), 'load', 'INPUT_NOT_TUF', /found a JSON string/);
  add('empty-object', '{}', 'load', 'INPUT_UNKNOWN_KIND', /not an RSTUF file or TUF metadata: found an empty object/);
  add('nothing-pending-response', json({ message: 'No metadata pending signing available' }), 'load', 'INPUT_NOT_TUF', /holds no pending metadata \(RSTUF said: "No metadata pending signing available"\)/);
  add('cyrillic-signed-key', json({ 'ѕigned': v1.signed, signatures: v1.signatures }), 'load', 'INPUT_NOT_TUF', /has no "signed" object/);
  add('cyrillic-data-key', json({ 'dаta': pending.data }), 'load', 'INPUT_UNKNOWN_KIND', /not an RSTUF file or TUF metadata: found an object with keys "dаta"/);
  add('cyrillic-type-key', mutate(v1, (d) => {
    d.signed['_tуpe'] = d.signed._type;
    delete d.signed._type;
  }), 'load', 'INPUT_NOT_TUF', /\.signed has no "_type"/);
  add('zero-width-version-key', mutate(v1, (d) => {
    d.signed['version\u200b'] = d.signed.version;
    delete d.signed.version;
  }), 'load', 'METADATA_INVALID', /the "version" field is missing/);
  add('bootstrap-with-extra-role', mutate(ceremony, (d) => {
    d.metadata.targets = d.metadata.root;
  }), 'load', 'INPUT_UNKNOWN_KIND', /holds exactly \{"metadata": \{"root": \.\.\.\}\}/);
  add('signed-is-array', mutate(v1, (d) => {
    d.signed = [d.signed];
  }), 'load', 'INPUT_NOT_TUF', /has no "signed" object/);
  add('signatures-is-object', mutate(v1, (d) => {
    d.signatures = { [d.signatures[0].keyid]: d.signatures[0].sig };
  }), 'load', 'INPUT_NOT_TUF', /has no "signatures" list/);

  // --- TUF, but invalid metadata -----------------------------------------------------------------
  add('version-as-string', mutate(v1, (d) => (d.signed.version = '1')), 'load', 'METADATA_INVALID', /version must be a positive integer, found "1"/);
  add('negative-version', mutate(v1, (d) => (d.signed.version = -1)), 'load', 'METADATA_INVALID', /version must be a positive integer, found -1/);
  add('zero-version', mutate(pending, (d) => (d.data.metadata.root.signed.version = 0)), 'load', 'METADATA_INVALID', /root: version must be a positive integer, found 0/);
  add('expires-date-only', mutate(v1, (d) => (d.signed.expires = '2025-12-31')), 'load', 'METADATA_INVALID', /expires must look like 2026-12-31T23:59:59Z, found "2025-12-31"/);
  add('expires-fractional-seconds', mutate(v1, (d) => (d.signed.expires = '2025-12-31T23:59:59.000Z')), 'load', 'METADATA_INVALID', /expires must look like/);
  add('expires-impossible-date', mutate(v1, (d) => (d.signed.expires = '2025-13-45T23:59:59Z')), 'load', 'METADATA_INVALID', /expires must look like/);
  add('spec-version-2', mutate(v1, (d) => (d.signed.spec_version = '2.0.0')), 'load', 'METADATA_INVALID', /spec_version must be 1\.x, found "2\.0\.0"/);
  add('pending-snapshot-role', mutate(pending, (d) => (d.data.metadata.root.signed._type = 'snapshot')), 'load', 'METADATA_INVALID', /data\.metadata\.root is snapshot metadata, which offline keys never sign/);
  add('trusted-root-is-targets', mutate(pending, (d) => (d.data.metadata.trusted_root.signed._type = 'targets')), 'load', 'METADATA_INVALID', /trusted_root must be root metadata, but its _type is "targets"/);
  // A role's metadata filed under another role's name (issue 12): refused on import, never reviewed or signed as that role.
  add('pending-root-entry-is-targets', mutate(pending, (d) => (d.data.metadata.root.signed._type = 'targets')), 'load', 'METADATA_INVALID', /data\.metadata\.root must be root metadata, but its _type is "targets"/);
  add('trusted-targets-is-root', mutate(delegated.json, (d) => (d.data.metadata.trusted_targets.signed._type = 'root')), 'load', 'METADATA_INVALID', /data\.metadata\.trusted_targets must be targets metadata, but its _type is "root"/);
  add('delegated-entry-is-root', mutate(delegated.json, (d) => (d.data.metadata.production = pending.data.metadata.root)), 'load', 'METADATA_INVALID', /data\.metadata\.production must be targets metadata, but its _type is "root"/);
  add('pending-targets-entry-is-root', mutate(pending, (d) => (d.data.metadata.targets = d.data.metadata.trusted_root)), 'load', 'METADATA_INVALID', /data\.metadata\.targets must be targets metadata, but its _type is "root"/);
  add('unknown-type', mutate(v1, (d) => (d.signed._type = 'mirrors')), 'load', 'METADATA_INVALID', /unknown _type "mirrors"/);
  add('root-missing-timestamp-role', mutate(v1, (d) => delete d.signed.roles.timestamp), 'load', 'METADATA_INVALID', /root must define exactly the roles root, targets, snapshot, timestamp; missing timestamp/);
  add('root-extra-role', mutate(v1, (d) => (d.signed.roles.mirror = d.signed.roles.targets)), 'load', 'METADATA_INVALID', /unexpected mirror/);
  add('threshold-zero', mutate(v1, (d) => (d.signed.roles.root.threshold = 0)), 'load', 'METADATA_INVALID', /role root threshold must be an integer of at least 1, found 0/);
  add('role-keyid-not-in-keys', mutate(v1, (d) => d.signed.roles.root.keyids.push('ab'.repeat(32))), 'load', 'METADATA_INVALID', /role root lists key abababab, which is not in root\.keys/);
  add('role-keyid-named-proto', mutate(v1, (d) => d.signed.roles.root.keyids.push('__proto__')), 'load', 'METADATA_INVALID', /role root lists key __proto_, which is not in root\.keys/);
  add('key-scheme-named-proto', mutate(v1, (d) => ((Object.values(d.signed.keys)[0] as any).scheme = '__proto__')), 'load', 'SCHEME_UNSUPPORTED', /__proto__/);
  add('key-without-keyval', mutate(v1, (d) => delete (Object.values(d.signed.keys)[0] as any).keyval), 'load', 'METADATA_INVALID', /keyval/);
  add('target-length-as-string', mutate(delegated.json, (d) => (d.data.metadata.production.signed.targets['production/app-1.0.tar.gz'].length = '1024')), 'load', 'METADATA_INVALID', /production: length must be a number/);

  // --- well formed, but the signatures or the trust do not hold ---------------------------------
  const rootSig = (d: any) => d.data.metadata.root.signatures[0];
  add('signature-wrong-length', mutate(pending, (d) => (rootSig(d).sig = rootSig(d).sig.slice(0, 40))), 'verify', 'invalid', /does not verify over this metadata|unverifiable/);
  add('signature-not-hex', mutate(pending, (d) => (rootSig(d).sig = 'zz'.repeat(36))), 'verify', 'invalid', /does not verify over this metadata|unverifiable/);
  add('ed25519-signature-too-long', mutate(ceremony, (d) => (d.metadata.root.signatures[0].sig += '00')), 'verify', 'invalid', /does not verify over this metadata/);
  add('keyid-matches-no-key', mutate(pending, (d) => (rootSig(d).keyid = 'ab'.repeat(32))), 'verify', 'unauthorized', /no key with this id is authorized/);
  add('keyid-of-another-key', mutate(ceremony, (d) => {
    const [a, b] = d.metadata.root.signatures;
    [a.sig, b.sig] = [b.sig, a.sig];
  }), 'verify', 'invalid', /does not verify over this metadata/);
  add('tampered-signed-part', mutate(ceremony, (d) => (d.metadata.root.signed.expires = '2099-12-31T23:59:59Z')), 'verify', 'invalid', /does not verify over this metadata/);
  add('expired-root-update', mutate(update, (d) => (d.metadata.root.signed.expires = '2020-01-01T00:00:00Z')), 'review', 'expiry-past', /expired/);
  add('expired-delegated-role', json(delegatedSignPending('2021-06-01T00:00:00Z').json), 'review', 'expiry-past', /expired/);
  add('rolled-back-trusted-root', mutate(pending, (d) => (d.data.metadata.trusted_root = d.data.metadata.root)), 'sign', 'TRUST_CHAIN_BROKEN', /root v2 must be signed against the trusted root v1, but the trusted root given is v2/, { signer: 'JH' });
  add(
    'trusted-root-swapped',
    mutate(pending, (d) => {
      // An attacker's "trusted root v1": RSTUF's ceremony root with every key but the online one replaced.
      const root = d.data.metadata.trusted_root.signed;
      const mallory = seededKey('mallory');
      for (const id of root.roles.root.keyids) delete root.keys[id];
      root.keys[mallory.keyid] = mallory.tufKey;
      root.roles.root = { keyids: [mallory.keyid], threshold: 1 };
      d.data.metadata.trusted_root.signatures = [signOver(mallory, root)];
    }),
    'sign',
    'KEY_NOT_AUTHORIZED',
    /is not authorized to sign root v2/,
    { signer: 'JH' },
  );
  add('already-signed-by-this-key', json(ceremony), 'sign', 'KEY_ALREADY_SIGNED', /has already signed root v1/, { signer: 'JH' });
  add('sign-payload-given-to-sign', readFileSync(cliFixture('sign.json'), 'utf8'), 'sign', 'INPUT_UNKNOWN_KIND', /already a signature payload/, { signer: 'JH' });
  add('delegated-role-renamed', mutate(delegated.json, (d) => {
    d.data.metadata.staging = d.data.metadata.production;
    delete d.data.metadata.production;
  }), 'sign', 'ROLE_NOT_FOUND', /delegates no role named "staging"/, { signer: 'delegated' });
  add('delegated-role-without-trusted-targets', mutate(delegated.json, (d) => delete d.data.metadata.trusted_targets), 'sign', 'TRUSTED_ROOT_REQUIRED', /trusted targets/, { signer: 'delegated' });
  add('key-of-another-holder', json(delegated.json), 'sign', 'KEY_NOT_AUTHORIZED', /is not authorized to sign production v2/, { signer: 'JH' });

  const delegatedKeyPem = delegated.signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const delegatedKeyFile = join(dir, 'delegated-signer.pem');
  writeFileSync(delegatedKeyFile, delegatedKeyPem, { mode: 0o600 });
  return { dir, cases, delegatedKeyPem, delegatedKeyFile };
}
