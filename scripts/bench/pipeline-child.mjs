// One whole signer pipeline over one input, in its own process so its peak RSS is its own:
// import (read + strict parse + detect + validate) + verify + review + sign + export.
// argv: <compiled out dir> <input.json> <signer key.pem> <output file>
// Prints one JSON line: {phases: {name: ms}, signature, sha256, maxRssKb}.

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, input, keyPath, output] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(outDir, rel)).href);

const [{ readJsonFile, checkDocument }, { roleStatus }, { loadPrivateKey }, { KeyFileSigner }, { signDocument }, { writeFileAtomic }, review] = await Promise.all([
  load('main/engine/load-document.js'),
  load('main/engine/verify/authorization.js'),
  load('main/engine/keys/private-key-file.js'),
  load('main/engine/signing/key-file-signer.js'),
  load('main/engine/signing/sign-document.js'),
  load('main/platform/atomic-file.js'),
  import('./review-step.mjs').then((m) => m.loadReviewStep(outDir)),
]);

const phases = {};
let mark = performance.now();
const lap = (name) => {
  const now = performance.now();
  phases[name] = now - mark;
  mark = now;
};

const json = readJsonFile(input);
lap('read+parse');
const doc = checkDocument(json, basename(input));
lap('detect+validate');
const statuses = doc.pending.map((p) => roleStatus(doc, p));
lap('verify');
const reviewed = review.run(doc, statuses);
lap('review');
const loaded = loadPrivateKey(readFileSync(keyPath, 'utf8'));
const signer = new KeyFileSigner(loaded.key, `key file ${basename(keyPath)}`);
const outcome = await signDocument({ doc, signer });
await signer.dispose();
lap('sign');
const payload = doc.kind === 'sign-pending' ? { signature: outcome.signature, role: outcome.role } : outcome.signedDocument;
writeFileAtomic(output, JSON.stringify(payload, null, 2), { overwrite: true });
lap('export');

process.stdout.write(
  `${JSON.stringify({
    phases,
    review: reviewed,
    signature: outcome.signature.sig,
    sha256: outcome.status.sha256,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
