// reviewDocumentUnchecked: the review before any signature is checked (the app's first screen of
// a big role). It says what the full review says of the content, counts nothing, and neither reads
// a signature nor serializes the role.
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { TargetsMetadata, TufMetadata } from '../../../../shared/tuf/types.js';
import { reviewDocument, reviewDocumentUnchecked } from '../../../../main/core/review/review-document.js';
import type { AnchorResult } from '../../../../main/core/trust/anchor.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import { artifact, clone, fixtureKey, freshKey, NOW, signedTargets, signPending, targetsSigned, type TestKey } from '../../../helpers/review-keys.js';

const CHAINED: AnchorResult = { trust: { state: 'chained', message: 'test anchor' }, recorded: [] };
const ARTIFACTS = { 'production/a.tgz': artifact('a'), 'production/b.tgz': artifact('b') };

let JH: TestKey, JJ: TestKey, O: TestKey;
let trustedTargets: TargetsMetadata;
let previous: TargetsMetadata;

beforeAll(async () => {
  JH = fixtureKey('JH.ed25519', 'JimiHendrix');
  JJ = fixtureKey('JJ.ecdsa', 'JanisJoplin');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:online' });
  trustedTargets = await signedTargets(
    targetsSigned(1, {}, {
      delegations: {
        keys: { [JH.keyid]: clone(JH.key), [JJ.keyid]: clone(JJ.key), [O.keyid]: clone(O.key) },
        roles: [{ name: 'production', terminating: true, keyids: [JH.keyid, JJ.keyid], threshold: 2, paths: ['production/*'], 'x-rstuf-expire-policy': 30 }],
      },
    }),
    [O],
  );
  previous = await signedTargets(targetsSigned(1, clone(ARTIFACTS)), [JH, JJ]);
});

async function pendingDoc(signers: TestKey[]) {
  const pending = targetsSigned(2, { ...clone(ARTIFACTS), 'production/c.tgz': artifact('c') });
  delete pending.targets['production/b.tgz'];
  const md = await signedTargets(pending, signers);
  return checkDocument(signPending({ production: md, trusted_targets: trustedTargets }) as unknown as JsonValue, 'pending.json');
}

// Warnings only a signature check can give.
const SIGNATURE_CODES = new Set(['already-fully-signed', 'signature-invalid', 'signature-unauthorized', 'signature-duplicate', 'signature-refused']);

describe('reviewDocumentUnchecked', () => {
  it.each([
    ['one of two signatures', () => [JH]],
    ['fully signed', () => [JH, JJ]],
  ])('gives the full review’s changes, counts and content warnings (%s), and no signature status', async (_name, signers) => {
    const doc = await pendingDoc(signers());
    const options = { anchor: CHAINED, now: NOW, previous: { production: previous as TufMetadata } };
    const full = reviewDocument(doc, options).roles[0]!;
    const { review, summaries } = reviewDocumentUnchecked(doc, options);
    const first = review.roles[0]!;
    expect(first.changes).toEqual(full.changes);
    expect(first.artifacts).toEqual(full.artifacts);
    expect(first.artifacts?.counts).toMatchObject({ added: 1, removed: 1 });
    expect(first.warnings).toEqual(full.warnings.filter((w) => !SIGNATURE_CODES.has(w.code)));
    expect(first.threshold.met).toBe(false);
    expect(first.signatures.valid).toEqual([]);
    expect(summaries[0]).toMatchObject({ thresholds: [], signatures: [], met: false });
  });

  it('says an authorizer is missing without checking anything', async () => {
    const doc = await pendingDoc([JH]);
    const noTrustedTargets = { ...doc, trustedTargets: undefined };
    const { summaries } = reviewDocumentUnchecked(noTrustedTargets, { anchor: CHAINED, now: NOW });
    expect(summaries[0]?.missingAuthorizer).toBe('trusted targets (which delegates "production")');
  });

  it('neither reads a signature nor serializes the role', async () => {
    const doc = await pendingDoc([JH]);
    const role = doc.pending[0]!;
    // A value canonical JSON refuses, and signatures that cannot be read: the full review fails on both.
    const signed = { ...clone(role.metadata.signed), 'x-unserializable': 1.5 } as unknown as TufMetadata['signed'];
    const metadata = Object.defineProperty({ signed }, 'signatures', {
      get() {
        throw new Error('signatures were read');
      },
    }) as unknown as TufMetadata;
    const hostile = { ...doc, pending: [{ ...role, metadata }] };
    expect(() => reviewDocument(hostile, { anchor: CHAINED, now: NOW })).toThrow();
    const { review } = reviewDocumentUnchecked(hostile, { anchor: CHAINED, now: NOW });
    expect(review.roles[0]?.role).toBe('production');
  });
});
