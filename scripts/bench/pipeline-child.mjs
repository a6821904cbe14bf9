// One whole signer pipeline over one input, in its own process so its peak RSS is its own:
// import (read + strict UTF-8, then strict parse + detect + validate) + verify + review + sign + export.
// The benchmark bundles this file with the compiled engine ('@signer-out' is the out directory)
// exactly as the CLI is bundled (scripts/build-cli.mjs), so it loads what `rstuf-signer` loads.
// argv (of the bundle, out/bundle/bench/pipeline-child.js): <input.json> <signer key.pem> <output file>
// Prints one JSON line: {phases: {name: ms}, signature, sha256, maxRssKb}.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadDocumentText, readTextFile } from '@signer-out/main/core/tuf/load-document.js';
import { loadPrivateKey } from '@signer-out/main/core/keys/private-key-file.js';
import { KeyFileSigner } from '@signer-out/main/core/signers/key-file-signer.js';
import { signDocument } from '@signer-out/main/core/signers/sign-document.js';
import { writeFileAtomic } from '@signer-out/main/core/platform/atomic-file.js';
import { serializeSignPayload } from '@signer-out/main/core/exchange/bundle.js';
import { reviewDocument } from '@signer-out/main/core/review/review-document.js';

const [input, keyPath, output] = process.argv.slice(2);

const phases = {};
let mark = performance.now();
const lap = (name) => {
  const now = performance.now();
  phases[name] = now - mark;
  mark = now;
};

// What loadDocumentFile does (the CLI's import), in two timed steps.
const text = readTextFile(input);
lap('read');
const doc = loadDocumentText(text, basename(input));
lap('parse+detect+validate');
// The review (main/core/review) checks every signature against its authorizers (the verify step)
// and builds what the holder reads before signing, as the app and `inspect` do.
const review = reviewDocument(doc);
const reviewed = { roles: review.roles.length, warnings: review.roles.reduce((n, r) => n + r.warnings.length, 0) };
lap('verify+review');
const loaded = loadPrivateKey(readFileSync(keyPath, 'utf8'));
const signer = new KeyFileSigner(loaded.key, `key file ${basename(keyPath)}`);
const outcome = await signDocument({ doc, signer });
await signer.dispose();
lap('sign');
// What `rstuf-signer sign FILE` writes: RSTUF's sign payload, or the document with the signature added.
const bytes = doc.kind === 'sign-pending' ? serializeSignPayload(outcome.signPayload) : JSON.stringify(outcome.signedDocument, null, 2);
writeFileAtomic(output, bytes, { overwrite: true });
lap('export');

process.stdout.write(
  `${JSON.stringify({
    phases,
    review: reviewed,
    signature: outcome.signature.sig,
    sha256: outcome.status.sha256,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
  })}\n`,
);
