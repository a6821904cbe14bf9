// A delegated role's current version, brought by the holder to compare the pending version with
// (main/core/review/previous-version.ts): used only once it is proven by the role's delegation.
import { describe, expect, it } from 'vitest';
import { loadDocumentText } from '../../../../main/core/tuf/load-document.js';
import { checkPreviousVersion } from '../../../../main/core/review/previous-version.js';
import { reviewDocument } from '../../../../main/core/review/review-document.js';
import { SignerError } from '../../../../shared/errors.js';
import { delegatedVersions } from '../../../helpers/delegated-versions.js';

const load = (json: unknown, name = 'production.json') => loadDocumentText(JSON.stringify(json), name);

describe('the current version of a delegated role, to compare with', () => {
  const v = delegatedVersions();
  const doc = load(v.pending, 'sign-pending.json');
  const production = doc.pending.find((p) => p.name === 'production')!;

  it('is taken when the delegation\'s threshold of keys signed it, and the review then shows the artifact changes', () => {
    const previous = checkPreviousVersion(doc, production, load(v.previous));
    expect(previous.signed.version).toBe(1);
    const before = reviewDocument(doc).roles[0]!;
    expect(before.artifacts?.compared).toBe(false);
    const after = reviewDocument(doc, { previous: { production: previous } }).roles[0]!;
    expect(after.artifacts?.compared).toBe(true);
    expect(after.artifacts?.counts).toEqual(v.expected);
  });

  const refusals: [string, () => unknown, string, RegExp][] = [
    ['signed by too few of its keys', () => v.underSigned, 'SIGNATURE_INVALID', /not signed by enough of the keys delegated to production \(1 of 2 valid\)/],
    ['the pending version itself', () => ({ ...v.previous, signed: { ...v.previous.signed, version: 2 } }), 'METADATA_INVALID', /is production v2, but the pending version is v2: choose v1, the version just before it/],
    ['newer than the pending version', () => ({ ...v.previous, signed: { ...v.previous.signed, version: 3 } }), 'METADATA_INVALID', /is production v3, but the pending version is v2: choose v1/],
    ['signed over other bytes (tampered)', () => ({ ...v.previous, signed: { ...v.previous.signed, expires: '2031-01-01T00:00:00Z' } }), 'SIGNATURE_INVALID', /0 of 2 valid/],
    ['not targets metadata', () => ({ signatures: [], signed: { _type: 'timestamp', spec_version: '1.0.31', version: 1, expires: '2030-01-01T00:00:00Z', meta: { 'snapshot.json': { version: 1 } } } }), 'INPUT_NOT_TUF', /is not targets metadata/],
    ['a whole RSTUF response instead of the role', () => v.pending, 'INPUT_NOT_TUF', /is not targets metadata/],
  ];
  for (const [what, json, code, message] of refusals) {
    it(`is refused when it is ${what}`, () => {
      let error: unknown;
      try {
        checkPreviousVersion(doc, production, load(json()));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SignerError);
      expect((error as SignerError).code).toBe(code);
      expect((error as SignerError).message).toMatch(message);
    });
  }

  // Comparing v3 with v1 would hide what v2 changed (an artifact removed in v2 and added back in v3
  // would read as unchanged).
  it('is refused when it is not the version just before the pending one', () => {
    const pendingV3 = structuredClone(v.pending);
    pendingV3.data.metadata.production.signed.version = 3;
    const doc3 = load(pendingV3, 'sign-pending.json');
    const role3 = doc3.pending.find((p) => p.name === 'production')!;
    expect(() => checkPreviousVersion(doc3, role3, load(v.previous))).toThrow(/is production v1, but the pending version is v3: choose v2, the version just before it/);
  });

  it('is refused for a role the file does not delegate, and when the delegating metadata is missing', () => {
    const other = { ...production, name: 'staging' };
    expect(() => checkPreviousVersion(doc, other, load(v.previous))).toThrow(/delegates no role named "staging"/);
    const withoutDelegator = load({ ...v.pending, data: { metadata: { production: v.pending.data.metadata.production } } }, 'sign-pending.json');
    expect(() => checkPreviousVersion(withoutDelegator, withoutDelegator.pending[0]!, load(v.previous))).toThrow(/does not carry the targets metadata that delegates production/);
  });
});
