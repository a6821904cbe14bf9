// Animated QR codes (issue 15), in process: for each kind of payload that crosses the air gap by
// camera, how many BBQr frames it takes (and at which QR version), how long main takes to make them
// (split + QR symbols), and how long reading them back takes as `rstuf-signer qr read` does it
// (decode each PNG, find the QR code with jsQR, join). Median of `runs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (work) => {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};

export async function measureQrFrames(outDir, repo, runs) {
  const load = (p) => import(pathToFileURL(join(outDir, p)).href);
  const { encodeQrFrames, MAX_QR_PAYLOAD_BYTES } = await load('main/core/qr/frames.js');
  const { QrCollector } = await load('main/core/qr/collect.js');
  const { qrMatrix } = await load('main/core/qr/matrix.js');
  const { matrixToPng, readQrPng } = await load('main/core/qr/png.js');
  const fixture = (name) => readFileSync(join(repo, 'test/fixtures/rstuf', name));
  // The largest JSON that fits: a targets role padded with artifacts (compresses like real ones).
  const targets = {};
  let largest = new Uint8Array();
  for (let i = 0; ; i += 1) {
    targets[`pkg/file-${i}.tar.gz`] = { length: 4096 + i, hashes: { sha256: (i * 2654435761).toString(16).padStart(64, '0').slice(-64) } };
    if (i % 16 !== 0) continue;
    const next = new TextEncoder().encode(JSON.stringify({ signatures: [], signed: { _type: 'targets', spec_version: '1.0.31', version: 2, expires: '2031-01-01T00:00:00Z', targets } }, null, 2));
    if (next.length > MAX_QR_PAYLOAD_BYTES) break;
    largest = next;
  }
  const kinds = [
    ['signature (POST /api/v1/metadata/sign)', fixture('repository-service-tuf-cli__sign.json')],
    ['root metadata', fixture('repository-service-tuf-cli__v1.json')],
    ['root update payload', fixture('repository-service-tuf-cli__update.json')],
    ['bootstrap payload (bins)', fixture('repository-service-tuf-api__payload_bins.json')],
    ['sign-pending response (root)', fixture('repository-service-tuf-cli__sign_pending_roles.json')],
    [`largest that fits (${(largest.length / 1024).toFixed(0)} KB of targets)`, largest],
  ];
  const rows = [];
  for (const [label, bytes] of kinds) {
    const encodeMs = [];
    const decodeMs = [];
    let frames;
    for (let r = 0; r < runs; r += 1) {
      const enc = time(() => {
        const f = encodeQrFrames(bytes, label);
        return { f, matrices: f.parts.map((t) => qrMatrix(t, f.version)) };
      });
      encodeMs.push(enc.ms);
      frames = enc.value.f;
      const pngs = enc.value.matrices.map((m) => matrixToPng(m, 4));
      const dec = time(() => {
        const c = new QrCollector();
        for (const png of [...pngs].reverse()) c.add(readQrPng(png, 'frame.png'));
        return c.result(label);
      });
      if (Buffer.compare(Buffer.from(dec.value), Buffer.from(bytes)) !== 0) throw new Error(`${label}: the frames did not read back to the same bytes`);
      decodeMs.push(dec.ms);
    }
    rows.push({ label, bytes: bytes.length, frames: frames.parts.length, version: frames.version, encoding: frames.encoding, encodeMs: median(encodeMs), decodeMs: median(decodeMs) });
  }
  return rows;
}

export function printQrFrames(rows, runs) {
  console.log(`\nanimated QR codes (BBQr, in process, median of ${runs}): frames per payload kind, main making them (split + QR symbols), and reading them back as qr read does (PNG decode + jsQR + join, frames in reverse order):`);
  for (const r of rows) {
    console.log(`  ${r.label}: ${r.bytes} bytes -> ${r.frames} ${r.frames === 1 ? 'frame' : 'frames'} (QR version ${r.version}, encoding ${r.encoding}); made in ${r.encodeMs.toFixed(0)} ms, read back in ${r.decodeMs.toFixed(0)} ms (${(r.decodeMs / r.frames).toFixed(0)} ms per frame)`);
  }
}
