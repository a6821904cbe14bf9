// Property-based tests of the importer (strict JSON + readDocument/checkDocument + main/core/exchange's
// file import), the verification, the review model, and signing: arbitrary input never crashes
// with anything but SignerError/JsonInputError, never hangs (depth and size limits), and whatever
// signDocument produces re-parses strictly and signs exactly the bytes RSTUF will check.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SignerError } from '../../../shared/errors.js';
import { JsonInputError, parseStrictJson, type JsonObject } from '../../../shared/json/strict-json.js';
import { canonicalBytes, canonicalize } from '../../../shared/tuf/canonical.js';
import { readDocument } from '../../../shared/tuf/documents.js';
import { checkDocument, parseJsonText } from '../../../main/core/tuf/load-document.js';
import { verifySignature } from '../../../main/core/tuf/verify.js';
import { KeyFileSigner } from '../../../main/core/signers/key-file-signer.js';
import { signDocument } from '../../../main/core/signers/sign-document.js';
import { roleStatus } from '../../../main/core/tuf/authorization.js';
import { reviewDocument } from '../../../main/core/review/review-document.js';
import { createBundle, importBundleOrFile, serializeSignPayload } from '../../../main/core/exchange/bundle.js';
import { delegatedSignPending } from '../../helpers/hostile-corpus.js';
import { applyEdit, editArb, nestedTextArb } from '../../helpers/hostile-mutate.js';
import { apiFixture, cliFixture } from '../../helpers/fixtures.js';

const BASES: Record<string, unknown> = {
  'sign-pending root': JSON.parse(readFileSync(cliFixture('sign_pending_roles.json'), 'utf8')),
  'sign-pending delegated': delegatedSignPending().json,
  bootstrap: JSON.parse(readFileSync(cliFixture('ceremony.json'), 'utf8')),
  'bootstrap (api)': JSON.parse(readFileSync(apiFixture('payload_bins.json'), 'utf8')),
  update: JSON.parse(readFileSync(cliFixture('update.json'), 'utf8')),
  'root metadata': JSON.parse(readFileSync(cliFixture('v1.json'), 'utf8')),
  'sign payload': JSON.parse(readFileSync(cliFixture('sign.json'), 'utf8')),
};

// HOSTILE_RUNS=20000 for a longer local hunt; the default keeps the unit suite quick.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 400);
const dir = mkdtempSync(join(tmpdir(), 'importer-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the whole read side; returns what failed (a SignerError) or undefined. */
function importVerifyReview(text: string): SignerError | undefined {
  try {
    const doc = checkDocument(parseJsonText(text, 'input.json'), 'input.json');
    for (const p of doc.pending) roleStatus(doc, p);
    reviewDocument(doc, { now: Date.parse('2026-01-01T00:00:00Z') });
    return undefined;
  } catch (error) {
    if (error instanceof SignerError) return error;
    throw error;
  }
}

describe('strict JSON parser', () => {
  it('accepts exactly what JSON.parse accepts, minus what it refuses on purpose, and agrees on the value', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v, null, 2)),
      fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.string({ maxLength: 3 })).map(([v, at, junk]) => {
        const t = JSON.stringify(v) ?? '';
        return t.slice(0, at % (t.length + 1)) + junk + t.slice(at % (t.length + 1));
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let strict: unknown;
        let strictError: unknown;
        try {
          strict = parseStrictJson(text);
        } catch (error) {
          strictError = error;
        }
        if (strictError !== undefined) {
          expect(strictError).toBeInstanceOf(JsonInputError);
          return;
        }
        expect(strict).toEqual(JSON.parse(text));
      }),
      { numRuns: 4000 },
    );
  });

  it('refuses any nesting deeper than its limit with JSON_TOO_DEEP (no stack overflow, no hang)', () => {
    fc.assert(
      fc.property(nestedTextArb, ({ depth, text }) => {
        if (depth <= 64) {
          expect(() => parseStrictJson(text)).not.toThrow();
          return;
        }
        expect(() => parseStrictJson(text)).toThrow(expect.objectContaining({ code: 'JSON_TOO_DEEP' }));
        expect(importVerifyReview(text)?.code).toBe('INPUT_MALFORMED');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses input over its size limit before scanning it', () => {
    expect(() => parseStrictJson(`"${'a'.repeat(2000)}"`, { maxLength: 1000 })).toThrow(expect.objectContaining({ code: 'JSON_TOO_LARGE' }));
  });
});

describe('importer, verification and review on edited RSTUF documents', () => {
  it.each(Object.keys(BASES))('%s: any single edit is imported, or refused with a SignerError', (base) => {
    fc.assert(
      fc.property(editArb, (edit) => {
        const text = JSON.stringify(applyEdit(BASES[base], edit)) ?? 'undefined';
        importVerifyReview(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('any text at all is imported, or refused with a SignerError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        importVerifyReview(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("main/core/exchange's file import refuses edited files with a SignerError only", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(BASES)), editArb, (base, edit) => {
        const file = join(dir, 'edited.json');
        writeFileSync(file, JSON.stringify(applyEdit(BASES[base], edit)) ?? '');
        try {
          importBundleOrFile(file);
        } catch (error) {
          if (!(error instanceof SignerError)) throw error;
        }
      }),
      { numRuns: Math.ceil(RUNS * 0.75) },
    );
  });
});

describe('signing arbitrary (valid) delegated roles', () => {
  const { json: base, signer: key } = delegatedSignPending();
  const signer = new KeyFileSigner(key.privateKey, 'seeded key production-2');
  // Artifact names and custom metadata anywhere in Unicode (well-formed), any JSON integers.
  const artifacts = fc.dictionary(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((s) => `production/${s}`),
    fc.record({ length: fc.nat(), hashes: fc.record({ sha256: fc.stringMatching(/^[0-9a-f]{64}$/) }), custom: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }) }, { requiredKeys: ['length', 'hashes'] }),
    { maxKeys: 20 },
  );

  it('the sign payload and the signed document re-parse strictly and carry a signature over the exact canonical bytes', async () => {
    await fc.assert(
      fc.asyncProperty(artifacts, async (targets) => {
        const edited = structuredClone(base);
        edited.data.metadata.production.signed.targets = targets;
        const text = JSON.stringify(edited);
        let doc;
        try {
          doc = checkDocument(parseJsonText(text, 'pending.json'), 'pending.json');
        } catch (error) {
          expect(error).toBeInstanceOf(SignerError); // e.g. a float in "custom"
          return;
        }
        // The existing signature no longer covers the edited role: signing still works (1 of 2).
        const outcome = await signDocument({ doc, signer });
        const reparsedInput = parseStrictJson(text) as any;
        const bytes = canonicalBytes(reparsedInput.data.metadata.production.signed);
        expect(Buffer.from(outcome.status.canonical).equals(Buffer.from(bytes))).toBe(true);
        expect(verifySignature(key.tufKey, outcome.signature.sig, bytes)).toBe(true);

        // What the CLI and main/core/exchange write is a sign payload RSTUF's API accepts.
        for (const written of [new TextDecoder().decode(serializeSignPayload(outcome.signPayload)), JSON.stringify({ signature: outcome.signature, role: outcome.role }, null, 2)]) {
          const payload = readDocument(parseStrictJson(written));
          expect(payload.kind).toBe('sign-payload');
          expect(payload.signPayload).toEqual({ role: 'production', signature: { keyid: key.keyid, sig: outcome.signature.sig } });
          expect(outcome.signature.sig).toMatch(/^[0-9a-f]{128}$/);
        }
        // The signed copy of the document re-imports, with the same signed bytes.
        const signedText = JSON.stringify(outcome.signedDocument);
        const again = checkDocument(parseJsonText(signedText, 'signed.json'), 'signed.json');
        const role = again.pending.find((p) => p.name === 'production');
        expect(canonicalize(role?.metadata.signed)).toBe(canonicalize(reparsedInput.data.metadata.production.signed));
        expect(roleStatus(again, role!).signatures.find((s) => s.keyid === key.keyid)?.state).toBe('valid');
        // And the input document was not modified by signing.
        expect(JSON.stringify(doc.json as JsonObject)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});

describe("main/core/exchange's bundle import on edited bundles", () => {
  // A real bundle (a sign-pending response and its manifest), then one edit in the manifest or
  // in one of its files: imported (when the edit changes nothing that matters) or refused with a
  // SignerError, never a crash.
  const source = join(dir, 'bundle-source');
  const pendingFile = join(dir, 'pending.json');
  writeFileSync(pendingFile, readFileSync(cliFixture('sign_pending_roles.json')));
  const bundle = createBundle([pendingFile], source);
  const names = readdirSync(bundle.path);

  it('any single edit of any file in the bundle is refused with a SignerError only', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...names), editArb, fc.boolean(), (name, edit, keepManifestHash) => {
        const copy = join(dir, `bundle-${n++}`);
        cpSync(bundle.path, copy, { recursive: true });
        const text = readFileSync(join(copy, name), 'utf8');
        const edited = JSON.stringify(applyEdit(JSON.parse(text), edit)) ?? '';
        writeFileSync(join(copy, name), edited);
        if (keepManifestHash && name !== 'manifest.json') {
          // The attacker also fixes the manifest's size and hash: only content checks remain.
          const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
          for (const f of manifest.files ?? []) {
            if (f.name === name) {
              f.size = Buffer.byteLength(edited);
              f.sha256 = createHash('sha256').update(edited).digest('hex');
            }
          }
          writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest, null, 2));
        }
        try {
          importBundleOrFile(copy);
        } catch (error) {
          if (!(error instanceof SignerError)) throw error;
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
