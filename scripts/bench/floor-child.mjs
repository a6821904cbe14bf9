// The floor: the least work any signer must do for this input, as a whole process. Read the file,
// parse it (native JSON.parse, no checks), canonicalize the `signed` object once, sha256 it once,
// sign those bytes once with ed25519. Nothing else.
// Bundled by the benchmark like the pipeline child ('@signer-out' is the out directory).
// argv (of the bundle, out/bundle/bench/floor-child.js): <input.json> <signer key.pem> <dot path of the signed object>

import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalBytes } from '@signer-out/shared/tuf/canonical.js';

const [input, keyPath, signedPath] = process.argv.slice(2);

let signed = JSON.parse(readFileSync(input, 'utf8'));
for (const part of signedPath.split('.')) signed = signed[part];
const bytes = canonicalBytes(signed);
const sha256 = createHash('sha256').update(bytes).digest('hex');
const signature = sign(null, bytes, createPrivateKey(readFileSync(keyPath, 'utf8'))).toString('hex');
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ signature, sha256, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`);
