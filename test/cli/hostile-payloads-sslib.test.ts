// "Never produces a payload RSTUF would refuse", checked by RSTUF's own stack: delegated roles with
// arbitrary artifact names (any Unicode) and arbitrary custom metadata are signed by the built CLI,
// and securesystemslib 0.26 (what python-tuf and the RSTUF worker use) verifies every sign payload
// over its own canonical encoding of the input file, parsed by python's json module.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../shared/json/strict-json.js';
import { readDocument } from '../../shared/tuf/documents.js';
import { runSigner } from '../helpers/cli.js';
import { delegatedSignPending } from '../helpers/hostile-corpus.js';
import { pythonSslibAvailable, runPython } from '../helpers/python-sslib.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const hasPython = pythonSslibAvailable();
let dir: string;
beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hostile-sslib-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Integers only inside custom metadata (floats are refused on import, by design).
const customValue = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v ?? null).match(/\d[.eE]|-0\b/));
const artifacts = fc.dictionary(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).map((s) => `production/${s}`),
  fc.record({ length: fc.nat(), hashes: fc.record({ sha256: fc.stringMatching(/^[0-9a-f]{64}$/) }), custom: fc.option(customValue, { nil: undefined }) }, { requiredKeys: ['length', 'hashes'] }),
  { minKeys: 1, maxKeys: 12 },
);

describe.runIf(hasPython)('CLI sign payloads verified by securesystemslib', () => {
  it('20 delegated roles with arbitrary artifacts: every payload is well formed and verifies in python', () => {
    const { json, signer } = delegatedSignPending();
    const keyFile = join(dir, 'signer.pem');
    writeFileSync(keyFile, signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o600 });
    const samples = fc.sample(artifacts, { numRuns: 20, seed: 20261125 });
    const signedPath = ['data', 'metadata', 'production', 'signed'];
    const runs = samples.map((targets, i) => {
      const doc = structuredClone(json);
      doc.data.metadata.production.signed.targets = targets;
      const input = join(dir, `pending-${i}.json`);
      writeFileSync(input, JSON.stringify(doc));
      const out = join(dir, `payload-${i}.json`);
      const r = runSigner(['sign', input, '--key', keyFile, '--out', out], { cwd: dir, env: { RSTUF_SIGNER_HOME: join(dir, 'home') } });
      expect(r.code, r.stderr).toBe(0);
      const payload = readDocument(parseStrictJson(readFileSync(out, 'utf8')));
      expect(payload.kind).toBe('sign-payload');
      expect(payload.signPayload?.role).toBe('production');
      return { input, sig: payload.signPayload!.signature };
    });
    const canonical = runPython(runs.map((r) => ({ op: 'canonical_file' as const, file: r.input, path: signedPath })));
    const verdicts = runPython(runs.map((r, i) => ({ op: 'verify' as const, keyid: r.sig.keyid, key: signer.tufKey, sig: r.sig.sig, data_b64: canonical[i]!.b64 })));
    expect(runs.map((r) => r.sig.keyid)).toEqual(runs.map(() => signer.keyid));
    expect(verdicts).toEqual(runs.map(() => ({ ok: true })));
  });
});
