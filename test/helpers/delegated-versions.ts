// A pending delegated role (RSTUF sign-pending shape, the benchmark's generator) and versions of
// it the holder could bring to compare with: for the review's "compare with the current version".
import { canonicalize } from '../../shared/tuf/canonical.js';

interface SeededKey {
  privateKey: import('node:crypto').KeyObject;
  pem: string;
  keyid: string;
  name: string;
}
// Plain JS shared with `npm run bench` (same seed, same keys); a non-literal specifier keeps tsc
// from asking for its types.
const GENERATOR = '../../scripts/bench/generate.mjs';
const generator = (await import(GENERATOR)) as {
  targetsCase(c: typeof canonicalize, n?: number): { json: any; signer: SeededKey };
  seededKey(name: string, c: typeof canonicalize): SeededKey;
  signWith(key: SeededKey, signed: unknown, c: typeof canonicalize): { keyid: string; sig: string };
};

export interface DelegatedVersions {
  /** The sign-pending document: production v2 (1 of 2 signatures) and the trusted targets. */
  pending: any;
  /** production v1 signed by both production keys (threshold 2). */
  previous: any;
  /** production v1 signed by one key only. */
  underSigned: any;
  /** What comparing v2 with v1 gives. */
  expected: { added: number; removed: number; modified: number; unchanged: number };
  signer: SeededKey;
}

const signWith = (key: SeededKey, signed: unknown) => generator.signWith(key, signed, canonicalize);

/** production v2 with `artifacts` artifacts; v1 lacks 3 of them, has 2 more, and 1 differs. */
export function delegatedVersions(artifacts = 300): DelegatedVersions {
  const { json, signer } = generator.targetsCase(canonicalize, artifacts);
  const k1 = generator.seededKey('production-1', canonicalize);
  const k2 = generator.seededKey('production-2', canonicalize);
  const now = json.data.metadata.production.signed;
  const paths = Object.keys(now.targets);
  const targets: Record<string, unknown> = { ...now.targets };
  for (const p of paths.slice(0, 3)) delete targets[p];
  targets['production/old/gone-1.tar.gz'] = { length: 1, hashes: { sha256: '11'.repeat(32) } };
  targets['production/old/gone-2.tar.gz'] = { length: 2, hashes: { sha256: '22'.repeat(32) } };
  const changed = paths[10] as string;
  targets[changed] = { ...now.targets[changed], length: now.targets[changed].length + 1 };
  const signed = { ...now, version: 1, targets };
  return {
    pending: json,
    previous: { signatures: [signWith(k1, signed), signWith(k2, signed)], signed },
    underSigned: { signatures: [signWith(k1, signed)], signed },
    expected: { added: 3, removed: 2, modified: 1, unchanged: artifacts - 4 },
    signer,
  };
}
