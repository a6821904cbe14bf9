// validateMetadata checks big targets maps without building @tufjs/models objects for them (a
// performance shortcut). It must give exactly what the full model path gives: the same error
// message for any bad entry, and the same round-trip verdict.
import fc from 'fast-check';
import { Metadata, MetadataKind } from '@tufjs/models';
import { describe, expect, it } from 'vitest';
import { SignerError } from '../../../shared/errors.js';
import { canonicalBytes, canonicalize, sealForSigning } from '../../../shared/tuf/canonical.js';
import type { TufMetadata } from '../../../shared/tuf/types.js';
import { validateMetadata } from '../../../main/core/tuf/validate-metadata.js';
import { applyEdit, editArb } from '../../helpers/hostile-mutate.js';

function bigTargets(n: number): TufMetadata {
  const targets: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) targets[`files/f-${i}.tgz`] = { length: i * 3, hashes: { sha256: i.toString(16).padStart(64, '0') }, ...(i % 7 === 0 ? { custom: { n: i } } : {}) };
  return { signatures: [], signed: { _type: 'targets', spec_version: '1.0.31', version: 4, expires: '2030-01-01T00:00:00Z', targets } } as unknown as TufMetadata;
}

/** The full @tufjs/models path, as validateMetadata did it for every size. */
function reference(md: TufMetadata): { roundTrips: boolean } | { error: string } {
  try {
    const model = Metadata.fromJSON(MetadataKind.Targets, md as never);
    let roundTrips: boolean;
    try {
      roundTrips = canonicalize(model.signed.toJSON()) === canonicalize(md.signed);
    } catch {
      roundTrips = false;
    }
    return { roundTrips };
  } catch (error) {
    return { error: `t: ${(error as Error).message}` };
  }
}

function actual(md: TufMetadata, freezeTargets = false): { roundTrips: boolean } | { error: string } {
  try {
    return validateMetadata(md, 't', { freezeTargets });
  } catch (error) {
    if (!(error instanceof SignerError)) throw error;
    return { error: error.message };
  }
}

describe('validateMetadata on big targets maps', () => {
  const base = bigTargets(300);
  it('a valid map round-trips', () => {
    expect(actual(base)).toEqual({ roundTrips: true });
  });

  it('any edit of one entry (or of the map) gives the same result as the full model path', () => {
    const names = Object.keys((base.signed as any).targets);
    fc.assert(
      fc.property(fc.nat({ max: names.length - 1 }), editArb, fc.boolean(), (which, edit, wholeMap) => {
        const md = structuredClone(base) as any;
        if (wholeMap) md.signed.targets = applyEdit(md.signed.targets, edit);
        else md.signed.targets[names[which] as string] = applyEdit(md.signed.targets[names[which] as string], edit);
        const expected = reference(md);
        if ('error' in expected) expect(actual(md)).toEqual(expected);
        else expect(actual(md)).toEqual(expected);
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 500) },
    );
  });

  it('a non-integer or unsafe number inside an entry makes the round trip fail, as before', () => {
    for (const bad of [1.5, 2 ** 60, Number.NaN]) {
      const md = structuredClone(base) as any;
      md.signed.targets['files/f-7.tgz'].custom = { n: bad };
      expect(actual(md)).toEqual(reference(md));
      expect(actual(md)).toEqual({ roundTrips: false });
    }
  });

  /** Every object under `value` is frozen. */
  const frozenAllTheWay = (value: unknown): boolean =>
    typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(frozenAllTheWay));

  it('freezing while checking (for a role about to be sealed) gives the same verdicts as the full model path', () => {
    const names = Object.keys((base.signed as any).targets);
    fc.assert(
      fc.property(fc.nat({ max: names.length - 1 }), editArb, (which, edit) => {
        const md = structuredClone(base) as any;
        md.signed.targets[names[which] as string] = applyEdit(md.signed.targets[names[which] as string], edit);
        const expected = reference(structuredClone(md));
        expect(actual(md, true)).toEqual(expected);
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 300) },
    );
  });

  it('a checked big map is frozen all the way down, custom fields included, and sealing it keeps its bytes', () => {
    const md = structuredClone(base) as any;
    const before = canonicalBytes(md.signed);
    expect(actual(md, true)).toEqual({ roundTrips: true });
    expect(frozenAllTheWay(md.signed.targets)).toBe(true);
    expect(Object.isFrozen(md.signed)).toBe(false);
    expect(() => {
      md.signed.targets['files/f-7.tgz'].custom.n = 8;
    }).toThrow(TypeError);
    sealForSigning(md.signed);
    expect(frozenAllTheWay(md.signed)).toBe(true);
    expect(Buffer.from(canonicalBytes(md.signed)).equals(Buffer.from(before))).toBe(true);
  });

  it('without freezeTargets (trusted metadata, never sealed) nothing is frozen', () => {
    const md = structuredClone(base) as any;
    expect(actual(md)).toEqual({ roundTrips: true });
    expect(Object.isFrozen(md.signed.targets)).toBe(false);
    expect(Object.isFrozen(md.signed.targets['files/f-0.tgz'])).toBe(false);
  });

  it('an entry the fast check refuses is left unfrozen, and so is the map', () => {
    const md = structuredClone(base) as any;
    md.signed.targets['files/f-150.tgz'].length = -1;
    expect(actual(md, true)).toEqual(reference(structuredClone(md)));
    expect(Object.isFrozen(md.signed.targets)).toBe(false);
    expect(Object.isFrozen(md.signed.targets['files/f-150.tgz'])).toBe(false);
    expect(frozenAllTheWay(md.signed.targets['files/f-7.tgz'])).toBe(true);
  });

  it('looks only at own properties, as Object.keys does (an inherited bad entry is not an entry)', () => {
    const md = structuredClone(base) as any;
    const inherited = Object.create({ 'files/inherited.tgz': { length: -1, hashes: 7 } });
    md.signed.targets = Object.assign(inherited, md.signed.targets);
    expect(actual(md, true)).toEqual({ roundTrips: true });
    // Checked by the fast path (which alone freezes the map), not passed on to the model.
    expect(Object.isFrozen(md.signed.targets)).toBe(true);
    expect(actual(md)).toEqual(reference(md));
  });
});
