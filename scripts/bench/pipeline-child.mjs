// One whole signer pipeline over one input, in its own process so its peak RSS is its own:
// import (read + strict UTF-8, then strict parse + detect + validate) + verify + review + sign + export.
// argv: <compiled out dir> <input.json> <signer key.pem> <output file>
// Prints one JSON line: {phases: {name: ms}, signature, sha256, maxRssKb}.

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, input, keyPath, output] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(outDir, rel)).href);

const [{ readTextFile, loadDocumentText }, { loadPrivateKey }, { KeyFileSigner }, { signDocument }, { writeFileAtomic }, { serializeSignPayload }, review] = await Promise.all([
  load('main/engine/load-document.js'),
  load('main/engine/keys/private-key-file.js'),
  load('main/engine/signing/key-file-signer.js'),
  load('main/engine/signing/sign-document.js'),
  load('main/platform/atomic-file.js'),
  load('main/exchange/bundle.js'),
  import('./review-step.mjs').then((m) => m.loadReviewStep(outDir)),
]);

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
// The review (main/review) checks every signature against its authorizers (the verify step)
// and builds what the holder reads before signing, as the app and `inspect` do.
const reviewed = review.run(doc);
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
