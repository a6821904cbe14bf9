// Every named hostile input in test/helpers/hostile-corpus.ts, through the engine: each fails with
// its SignerError code and a message with the words a key holder needs (never a TypeError, never
// a silent success), or, for well-formed files whose signatures or dates are wrong, shows exactly
// that in the verification and the review.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SignerError } from '../../../shared/errors.js';
import { loadDocumentFile } from '../../../main/core/tuf/load-document.js';
import { loadPrivateKey } from '../../../main/core/keys/private-key-file.js';
import { KeyFileSigner } from '../../../main/core/signers/key-file-signer.js';
import { signDocument } from '../../../main/core/signers/sign-document.js';
import { roleStatus } from '../../../main/core/tuf/authorization.js';
import { reviewDocument } from '../../../main/core/review/review-document.js';
import { buildCorpus, type CorpusCase } from '../../helpers/hostile-corpus.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'hostile-corpus-'));
const corpus = buildCorpus(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function signerFor(c: CorpusCase): KeyFileSigner {
  if (c.signer === 'delegated') return new KeyFileSigner(loadPrivateKey(corpus.delegatedKeyPem).key, 'key file delegated-signer.pem');
  const jh = loadPrivateKey(readFileSync(cliFixture('JH.ed25519'), 'utf8'), Buffer.from(FIXTURE_PASSWORD));
  return new KeyFileSigner(jh.key, 'key file JH.ed25519');
}

function expectSignerError(error: unknown, c: CorpusCase): void {
  expect(error, `${c.name} must fail with a SignerError, not ${String(error)}`).toBeInstanceOf(SignerError);
  expect((error as SignerError).code).toBe(c.code);
  expect((error as SignerError).message).toMatch(c.words);
  // One sentence for a person: no stack, no "[object Object]", no "undefined is not".
  expect((error as SignerError).message).not.toMatch(/\[object Object\]|is not a function|Cannot read properties|at .*\.js:\d+/);
}

describe('hostile input corpus (engine)', () => {
  it('has at least 40 named inputs with distinct names', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.cases.map((c) => c.name)).size).toBe(corpus.cases.length);
  });

  it.each(corpus.cases.filter((c) => c.stage === 'load').map((c) => [c.name, c] as const))('%s is refused on import', (_name, c) => {
    let thrown: unknown;
    try {
      loadDocumentFile(c.file);
    } catch (error) {
      thrown = error;
    }
    expectSignerError(thrown, c);
  });

  it.each(corpus.cases.filter((c) => c.stage === 'verify').map((c) => [c.name, c] as const))('%s imports, but the bad signature never counts', (_name, c) => {
    const doc = loadDocumentFile(c.file);
    const statuses = doc.pending.map((p) => roleStatus(doc, p));
    const bad = statuses.flatMap((s) => s.signatures).filter((s) => s.state !== 'valid');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.some((s) => (c.code === 'invalid' ? ['invalid', 'unverifiable'].includes(s.state) : s.state === c.code) && c.words.test(s.reason ?? ''))).toBe(true);
    expect(statuses.some((s) => !s.met)).toBe(true);
    // The review shows the same verdict to the holder.
    const review = reviewDocument(doc, { now: Date.parse('2024-01-01T00:00:00Z') });
    expect(JSON.stringify(review.roles.flatMap((r) => r.warnings))).toMatch(/signature/);
  });

  it.each(corpus.cases.filter((c) => c.stage === 'review').map((c) => [c.name, c] as const))('%s imports, and the review warns', (_name, c) => {
    const doc = loadDocumentFile(c.file);
    const warnings = reviewDocument(doc).roles.flatMap((r) => r.warnings);
    const warning = warnings.find((w) => w.code === c.code);
    expect(warning, `warnings: ${JSON.stringify(warnings)}`).toBeDefined();
    expect(warning?.message).toMatch(c.words);
  });

  it.each(corpus.cases.filter((c) => c.stage === 'sign').map((c) => [c.name, c] as const))('%s is refused when signing, and no signature is made', async (_name, c) => {
    const doc = loadDocumentFile(c.file);
    const signer = signerFor(c);
    let signCalls = 0;
    const original = signer.sign.bind(signer);
    signer.sign = async (data) => {
      signCalls++;
      return original(data);
    };
    let thrown: unknown;
    try {
      await signDocument({ doc, signer });
    } catch (error) {
      thrown = error;
    }
    expectSignerError(thrown, c);
    expect(signCalls).toBe(0);
  });
});
