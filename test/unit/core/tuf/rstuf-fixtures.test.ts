// Every file in ../shared/fixtures/rstuf (RSTUF's own test files) through the engine: what kind
// it is, every key id recomputed, every signature verified, and each role's threshold state as
// RSTUF's worker would judge it. The same bytes are checked by securesystemslib in
// test/interop/foundation-sslib.test.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../../shared/tuf/canonical.js';
import type { RootMetadata, TufKey, TufMetadata } from '../../../../shared/tuf/types.js';
import { classifyKeyId, computeKeyId, computeLegacyKeyId } from '../../../../main/core/tuf/tuf-keys.js';
import { verifySignature } from '../../../../main/core/tuf/verify.js';
import { loadDocumentFile, type LoadedDocument } from '../../../../main/core/tuf/load-document.js';
import { roleStatus, type RoleStatus } from '../../../../main/core/tuf/authorization.js';
import { apiFixture, cliFixture, FIXTURES_DIR } from '../../../helpers/fixtures.js';
import { JC, JH, JJ, METADATA_FIXTURES } from '../../../interop/foundation-fixtures.js';
import { thrownSignerError } from '../../../helpers/signer-error.js';


const docs = new Map<string, LoadedDocument>();
const doc = (path: string): LoadedDocument => docs.get(path) as LoadedDocument;
let trustedV1: RootMetadata;

beforeAll(() => {
  for (const path of [...METADATA_FIXTURES, cliFixture('sign.json')]) docs.set(path, loadDocumentFile(path));
  trustedV1 = doc(cliFixture('v1.json')).pending[0]?.metadata as RootMetadata;
});

/** All metadata in a document: the pending roles and the trusted copies it carries. */
function allMetadata(d: LoadedDocument): TufMetadata[] {
  return [...d.pending.map((p) => p.metadata), ...(d.trustedRoot ? [d.trustedRoot] : []), ...(d.trustedTargets ? [d.trustedTargets] : [])];
}

function keysOf(md: TufMetadata): Record<string, TufKey> {
  return (md.signed as { keys?: Record<string, TufKey> }).keys ?? {};
}

describe('the fixture list is complete', () => {
  it('covers every JSON file in the fixtures folder (metadata here, the rest in the tests below)', () => {
    const json = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json'));
    const covered = [...METADATA_FIXTURES, cliFixture('sign.json'), apiFixture('settings.json'), apiFixture('swagger.json')].map((p) => p.split('/').pop());
    expect(json.sort()).toEqual(covered.sort());
  });
});

describe('document kinds', () => {
  it.each([
    ['ceremony.json', 'bootstrap'],
    ['ceremony_das.json', 'bootstrap'],
    ['sign_pending_roles.json', 'sign-pending'],
    ['update.json', 'update'],
    ['v1.json', 'metadata'],
    ['v2.json', 'metadata'],
    ['root.json', 'metadata'],
    ['sign.json', 'sign-payload'],
  ])('cli %s is %s', (name, kind) => {
    expect(doc(cliFixture(name)).kind).toBe(kind);
  });
  it.each([
    ['payload_bins.json', 'bootstrap'],
    ['das-payload.json', 'bootstrap'],
  ])('api %s is %s', (name, kind) => {
    expect(doc(apiFixture(name)).kind).toBe(kind);
  });
  it('no fixture would be re-serialized differently by @tufjs/models', () => {
    for (const path of METADATA_FIXTURES) expect(doc(path).reserializationDiffers, path).toEqual([]);
  });
  it('settings.json (GET /api/v1/config) is refused as not TUF', () => {
    expect(() => loadDocumentFile(apiFixture('settings.json'))).toThrow(/settings\.json: not an RSTUF file or TUF metadata/);
  });
  it('swagger.json is refused for its floats, with the position', () => {
    const error = thrownSignerError(() => loadDocumentFile(apiFixture('swagger.json')));
    expect(error.code).toBe('INPUT_MALFORMED');
    expect(error.message).toMatch(/swagger\.json: number 0\.0 is not an integer .*line \d+, column \d+/);
  });
});

describe('key ids', () => {
  it('every key id in every fixture recomputes with securesystemslib\'s default, except root.json', () => {
    let checked = 0;
    for (const path of METADATA_FIXTURES.filter((p) => !p.endsWith('__root.json'))) {
      for (const md of allMetadata(doc(path))) {
        for (const [keyid, key] of Object.entries(keysOf(md))) {
          expect(computeKeyId(key), `${path} ${keyid}`).toBe(keyid);
          expect(classifyKeyId(keyid, key)).toBe('default');
          checked++;
        }
      }
    }
    // 8 bootstrap/metadata roots with 3 keys each, plus the trusted root in sign_pending_roles.
    expect(checked).toBe(27);
  });

  it('root.json uses the legacy key ids (keyid_hash_algorithms hashed too), and is flagged as such', () => {
    const md = doc(cliFixture('root.json')).pending[0] as { metadata: TufMetadata };
    const keys = Object.entries(keysOf(md.metadata));
    expect(keys).toHaveLength(3);
    for (const [keyid, key] of keys) {
      expect(computeKeyId(key)).not.toBe(keyid);
      expect(computeLegacyKeyId(key)).toBe(keyid);
      expect(classifyKeyId(keyid, key)).toBe('legacy');
    }
    const status = roleStatus(doc(cliFixture('root.json')), doc(cliFixture('root.json')).pending[0] as never);
    expect(status.keyIdIssues.map((i) => i.variant)).toEqual(['legacy', 'legacy']);
  });

  it('a key id that matches no variant is flagged as a mismatch, not hidden', () => {
    const md = structuredClone(doc(cliFixture('ceremony.json')).pending[0]?.metadata) as TufMetadata;
    const keys = keysOf(md);
    const jh = keys[JH] as TufKey;
    // Swap the public key under JH's id: the id no longer hashes the key it names.
    jh.keyval.public = '4f66dabebcf30628963786001984c0b75c175cdcf3bc4855933a2628f0cd0a00';
    expect(classifyKeyId(JH, jh)).toBe('mismatch');
    const status = roleStatus({ ...doc(cliFixture('ceremony.json')), pending: [{ name: 'root', metadata: md }] }, { name: 'root', metadata: md });
    expect(status.keyIdIssues).toEqual([{ keyid: JH, variant: 'mismatch' }]);
  });

  it('the online-key files named by key id hold the key with that id', () => {
    for (const keyid of ['0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043', 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2']) {
      const roots = [doc(cliFixture('ceremony.json')), doc(cliFixture('update.json'))].map((d) => keysOf(d.pending[0]?.metadata as TufMetadata));
      const key = roots.map((k) => k[keyid]).find(Boolean) as TufKey;
      expect(computeKeyId(key)).toBe(keyid);
      expect(key['x-rstuf-online-key-uri']).toBe(`fn:${keyid}`);
    }
  });
});

describe('canonical bytes (rstuf-formats.md 1.6 test vectors)', () => {
  const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  it('ceremony.json root v1: 1921 bytes, sha256 1bc167f9...', () => {
    const bytes = canonicalBytes(doc(cliFixture('ceremony.json')).pending[0]?.metadata.signed);
    expect(bytes.length).toBe(1921);
    expect(sha256(bytes)).toBe('1bc167f9070fe3f46e06147b4c5343375b26d32b3caff66f87ca47656a65f32f');
    // PEM newlines stay raw 0x0A bytes (13 of them), never escaped as \n.
    expect(bytes.filter((b) => b === 0x0a).length).toBe(13);
    expect(Buffer.from(bytes).includes('\\n')).toBe(false);
  });
  it('update.json root v2: 2047 bytes, sha256 a2390346...', () => {
    const status = roleStatus(doc(cliFixture('update.json')), doc(cliFixture('update.json')).pending[0] as never, { trustedRoot: trustedV1 });
    expect(status.canonical.length).toBe(2047);
    expect(status.sha256).toBe('a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a');
  });
  it('v2.json, update.json and the pending root of sign_pending_roles.json sign the same bytes', () => {
    const of = (path: string): string => sha256(canonicalBytes(doc(path).pending[0]?.metadata.signed));
    expect(of(cliFixture('v2.json'))).toBe('a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a');
    expect(of(cliFixture('sign_pending_roles.json'))).toBe(of(cliFixture('v2.json')));
  });
});

describe('every signature in every fixture verifies', () => {
  it('each signature checks out against the key its id names (no fixture holds a bad signature)', () => {
    // The union of all keys across fixtures: a root v2 signature by JH is found via the v1 roots.
    const allKeys: Record<string, TufKey> = {};
    for (const path of METADATA_FIXTURES) for (const md of allMetadata(doc(path))) Object.assign(allKeys, keysOf(md));
    let verified = 0;
    for (const path of METADATA_FIXTURES) {
      for (const md of allMetadata(doc(path))) {
        const bytes = canonicalBytes(md.signed);
        for (const sig of md.signatures) {
          const key = allKeys[sig.keyid];
          expect(key, `${path}: key ${sig.keyid}`).toBeDefined();
          expect(verifySignature(key as TufKey, sig.sig, bytes), `${path}: signature by ${sig.keyid}`).toBe(true);
          // The same signature over other bytes must fail: the check is not vacuous.
          expect(verifySignature(key as TufKey, sig.sig, Buffer.concat([bytes, Buffer.from(' ')]))).toBe(false);
          verified++;
        }
      }
    }
    // ceremony 2, ceremony_das 1, sign_pending 2+2, update 3, v1 1, v2 1, root.json 2, bins 2, das-payload 1.
    expect(verified).toBe(17);
  });

  it('sign.json is JH\'s signature over the pending root of sign_pending_roles.json', () => {
    const payload = doc(cliFixture('sign.json')).signPayload;
    expect(payload?.role).toBe('root');
    expect(payload?.signature.keyid).toBe(JH);
    const pending = doc(cliFixture('sign_pending_roles.json'));
    const jhKey = keysOf(pending.trustedRoot as TufMetadata)[JH] as TufKey;
    expect(verifySignature(jhKey, payload?.signature.sig as string, canonicalBytes(pending.pending[0]?.metadata.signed))).toBe(true);
  });
});

describe('threshold state of each fixture, as the RSTUF worker judges it', () => {
  const status = (path: string, trustedRoot?: RootMetadata): RoleStatus => {
    const d = doc(path);
    expect(d.pending).toHaveLength(1);
    return roleStatus(d, d.pending[0] as never, trustedRoot ? { trustedRoot } : {});
  };
  const summary = (s: RoleStatus) => s.thresholds.map((t) => ({ label: t.label, required: t.required, valid: [...t.valid].sort(), met: t.met }));

  it('ceremony.json and payload_bins.json: root v1 fully signed, 2 of 2 (JH, JJ)', () => {
    for (const path of [cliFixture('ceremony.json'), apiFixture('payload_bins.json')]) {
      const s = status(path);
      expect(s.met).toBe(true);
      expect(summary(s)).toEqual([{ label: 'root v1', required: 2, valid: [JJ, JH].sort(), met: true }]);
      expect(s.signatures.every((x) => x.state === 'valid')).toBe(true);
    }
  });

  it('ceremony_das.json: 1 of 2 (JJ), JH missing', () => {
    const s = status(cliFixture('ceremony_das.json'));
    expect(s.met).toBe(false);
    expect(summary(s)).toEqual([{ label: 'root v1', required: 2, valid: [JJ], met: false }]);
    expect(s.thresholds[0]?.missing).toEqual([JH]);
  });

  it('das-payload.json (api): 1 of 2 (JH), JJ missing', () => {
    const s = status(apiFixture('das-payload.json'));
    expect(s.met).toBe(false);
    expect(summary(s)).toEqual([{ label: 'root v1', required: 2, valid: [JH], met: false }]);
  });

  it('v1.json: the DAS root v1, 1 of 2 (JJ)', () => {
    const s = status(cliFixture('v1.json'));
    expect(summary(s)).toEqual([{ label: 'root v1', required: 2, valid: [JJ], met: false }]);
  });

  it('root.json: legacy root v1, 1 of 1 met with two valid signatures', () => {
    const s = status(cliFixture('root.json'));
    expect(s.met).toBe(true);
    expect(s.thresholds[0]?.valid).toHaveLength(2);
  });

  it('sign_pending_roles.json: new root v2 has 2 of 2 (JJ, JC) but its own trusted root v1 only 1 of 2 (JJ): not complete', () => {
    const s = status(cliFixture('sign_pending_roles.json'));
    expect(s.met).toBe(false);
    expect(summary(s)).toEqual([
      { label: 'trusted root v1', required: 2, valid: [JJ], met: false },
      { label: 'new root v2', required: 2, valid: [JC, JJ].sort(), met: true },
    ]);
    expect(s.thresholds[0]?.missing).toEqual([JH]);
  });

  it('update.json without a trusted root: cannot be complete, says root v1 is needed, JH\'s signature is not one of v2\'s keys', () => {
    const s = status(cliFixture('update.json'));
    expect(s.met).toBe(false);
    expect(s.missingAuthorizer).toBe('trusted root v1');
    expect(summary(s)).toEqual([{ label: 'new root v2', required: 2, valid: [JC, JJ].sort(), met: true }]);
    expect(s.signatures.find((x) => x.keyid === JH)?.state).toBe('unauthorized');
  });

  it('update.json with trusted root v1 = v1.json: both thresholds met (JH+JJ for v1, JJ+JC for v2)', () => {
    // v1.json, ceremony.json and payload_bins.json hold the same root v1 keys; v1.json is the
    // copy RSTUF's CLI tests use as the trusted root for update.json.
    const s = status(cliFixture('update.json'), trustedV1);
    expect(s.met).toBe(true);
    expect(summary(s)).toEqual([
      { label: 'trusted root v1', required: 2, valid: [JH, JJ].sort(), met: true },
      { label: 'new root v2', required: 2, valid: [JC, JJ].sort(), met: true },
    ]);
  });

  it('v2.json with trusted root v1: 1 of 2 against both (only JJ signed)', () => {
    const s = status(cliFixture('v2.json'), trustedV1);
    expect(summary(s)).toEqual([
      { label: 'trusted root v1', required: 2, valid: [JJ], met: false },
      { label: 'new root v2', required: 2, valid: [JJ], met: false },
    ]);
  });

  it('a trusted root of the wrong version cannot judge the root: never met, and it says why', () => {
    const v2 = doc(cliFixture('v2.json')).pending[0]?.metadata as RootMetadata;
    const s = status(cliFixture('update.json'), v2);
    expect(s.met).toBe(false);
    expect(s.chainBroken).toMatch(/trusted root given is v2/);
  });

  it('a second copy of the same signature counts once (ceremony_das.json with JJ\'s signature twice)', () => {
    const d = doc(cliFixture('ceremony_das.json'));
    const md = structuredClone(d.pending[0]?.metadata) as TufMetadata;
    md.signatures = [...md.signatures, ...md.signatures];
    const s = roleStatus(d, { name: 'root', metadata: md });
    expect(s.signatures.map((x) => x.state)).toEqual(['valid', 'duplicate']);
    expect(s.thresholds[0]?.valid).toEqual([JJ]);
    expect(s.met).toBe(false);
  });

  it('a tampered signed part makes every signature invalid, and the threshold unmet', () => {
    const d = doc(cliFixture('ceremony.json'));
    const md = structuredClone(d.pending[0]?.metadata) as TufMetadata;
    md.signed.expires = '2099-12-31T23:59:59Z';
    const s = roleStatus(d, { name: 'root', metadata: md });
    expect(s.signatures.map((x) => x.state)).toEqual(['invalid', 'invalid']);
    expect(s.met).toBe(false);
  });
});

describe('fixture key files match the keys in the metadata', () => {
  it.each([
    ['JH.pub', JH],
    ['JJ.pub', JJ],
    ['JC.pub', JC],
  ])('%s is the public half of key %s', async (file, keyid) => {
    const { readPublicKeyFile } = await import('../../../../main/core/keys/public-key-file.js');
    expect(readPublicKeyFile(cliFixture(file)).keyid).toBe(keyid);
  });
  it('the fixture files are the ones MANIFEST.tsv lists, unchanged', () => {
    const manifest = readFileSync(`${FIXTURES_DIR}/MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1);
    for (const line of manifest) {
      const [file, , , , , sha] = line.split('\t') as string[];
      expect(createHash('sha256').update(readFileSync(`${FIXTURES_DIR}/${file}`)).digest('hex'), file).toBe(sha);
    }
  });
});

