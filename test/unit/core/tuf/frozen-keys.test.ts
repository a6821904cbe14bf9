// Key lists remembered for frozen objects (shared/tuf/frozen-keys.ts): the big-targets validation
// hands its list on when it freezes a map, and the serializer and the review reuse it. A wrong or
// stale list would sign or show the wrong artifacts, so these pin down when a list is kept.
import { describe, expect, it } from 'vitest';
import { checkDocument, loadDocumentText } from '../../../../main/core/tuf/load-document.js';
import { validateMetadata } from '../../../../main/core/tuf/validate-metadata.js';
import { parseStrictJsonWithKeys } from '../../../../shared/json/strict-json.js';
import { canonicalBytes, canonicalize, deepFreeze, sealForSigning } from '../../../../shared/tuf/canonical.js';
import { apiFixture, cliFixture, readFixtureJson } from '../../../helpers/fixtures.js';
import { ownKeys, rememberedKeys, rememberKeysOfFrozen } from '../../../../shared/tuf/frozen-keys.js';
import { buildArtifactIndex } from '../../../../shared/review/artifacts.js';
import type { TufMetadata } from '../../../../shared/tuf/types.js';

function bigTargetsRole(n: number): TufMetadata {
  const targets: Record<string, { length: number; hashes: Record<string, string> }> = {};
  // Integer-like and non-ASCII paths too: their order in Object.keys differs from insertion order.
  for (let i = n - 1; i >= 0; i--) targets[i % 7 === 0 ? String(i) : `files/é-${i}.tar.gz`] = { length: i, hashes: { sha256: 'ab'.repeat(32) } };
  return {
    signatures: [],
    signed: { _type: 'targets', spec_version: '1.0.31', version: 2, expires: '2030-01-01T00:00:00Z', targets },
  } as unknown as TufMetadata;
}

/** The targets map of a targets role (typed loosely: the tests put anything in it). */
function targetsOf(md: TufMetadata | undefined): Record<string, never> {
  return (md?.signed as unknown as { targets: Record<string, never> }).targets;
}

describe('frozen key lists', () => {
  it('a mutable object never gets a remembered list', () => {
    expect(() => rememberKeysOfFrozen({ a: 1 }, ['a'])).toThrow(/not frozen/);
  });

  it('the big-targets validation remembers exactly Object.keys of the map it froze, and only when it froze it', () => {
    const md = bigTargetsRole(600);
    const targets = targetsOf(md);
    validateMetadata(md, 'test');
    expect(rememberedKeys(targets)).toBeUndefined();
    validateMetadata(md, 'test', { freezeTargets: true });
    expect(Object.isFrozen(targets)).toBe(true);
    expect(rememberedKeys(targets)).toEqual(Object.keys(targets));
  });

  it('a refused map is neither frozen nor remembered', () => {
    const md = bigTargetsRole(600);
    const targets = targetsOf(md);
    (targets as Record<string, unknown>)['bad'] = { length: -1, hashes: {} };
    expect(() => validateMetadata(md, 'test', { freezeTargets: true })).toThrow();
    expect(Object.isFrozen(targets)).toBe(false);
    expect(rememberedKeys(targets)).toBeUndefined();
  });

  it('serializing and reviewing with the remembered list gives what a fresh enumeration gives, and leaves the list as it was', () => {
    const md = bigTargetsRole(600);
    const copy = structuredClone(md);
    validateMetadata(md, 'test', { freezeTargets: true });
    const targets = targetsOf(md);
    const before = [...(rememberedKeys(targets) ?? [])];
    sealForSigning(md.signed);
    expect(new TextDecoder().decode(canonicalBytes(md.signed))).toBe(canonicalize(copy.signed));
    expect(rememberedKeys(targets)).toEqual(before);
    const index = buildArtifactIndex(targets, undefined);
    const fresh = buildArtifactIndex(targetsOf(copy), undefined);
    expect(index.total).toBe(600);
    expect(index.groups).toEqual(fresh.groups);
    expect(index.all().map((e) => e.path)).toEqual(fresh.all().map((e) => e.path));
    expect(rememberedKeys(targets)).toEqual(before);
    expect(ownKeys(targets)).toBe(rememberedKeys(targets));
  });

  it('the strict parser lists the keys of each big object it counted, and the import hands the list to the validation', () => {
    const text = JSON.stringify(bigTargetsRole(600));
    const parsed = parseStrictJsonWithKeys(text);
    const parsedTargets = (parsed.value as { signed: { targets: object } }).signed.targets;
    expect(parsed.bigObjectKeys.get(parsedTargets)).toEqual(Object.keys(parsedTargets));

    const md = JSON.parse(text) as TufMetadata;
    const targets = targetsOf(md);
    const listed = Object.keys(targets);
    validateMetadata(md, 'test', { freezeTargets: true, targetsKeys: listed });
    expect(rememberedKeys(targets)).toBe(listed);

    const doc = loadDocumentText(text, 'role.json');
    const imported = targetsOf(doc.pending[0]?.metadata);
    expect(Object.isFrozen(imported)).toBe(true);
    expect(rememberedKeys(imported)).toEqual(Object.keys(imported));
  });

  // loadDocumentText hands the parser's key lists to the validation on the promise that nothing
  // changes the parsed value in between (kind detection, role matching, the model's checks of
  // earlier roles). A value frozen all the way down makes any such change throw.
  it('checking a document never changes the parsed value it was given', () => {
    const documents = ['sign.json', 'sign_pending_roles.json', 'ceremony.json', 'ceremony_das.json', 'update.json', 'v1.json', 'v2.json', 'root.json'].map((f) => cliFixture(f));
    documents.push(apiFixture('payload_bins.json'), apiFixture('das-payload.json'));
    const outcome = (json: unknown) => {
      try {
        const doc = checkDocument(json as never, 'x');
        return { kind: doc.kind, pending: doc.pending.map((p) => canonicalize(p.metadata.signed)) };
      } catch (error) {
        return { error: String(error) };
      }
    };
    for (const path of documents) {
      const json = readFixtureJson(path);
      const frozen = structuredClone(json);
      deepFreeze(frozen);
      expect(outcome(json), path).toHaveProperty('kind');
      expect(outcome(frozen), path).toEqual(outcome(json));
    }
    const big = { data: { metadata: { production: bigTargetsRole(600), trusted_targets: bigTargetsRole(300) } } };
    const frozenBig = structuredClone(big);
    deepFreeze(frozenBig);
    expect(outcome(big)).toMatchObject({ kind: 'sign-pending' });
    expect(outcome(frozenBig)).toEqual(outcome(big));
  });
});
