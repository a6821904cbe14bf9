// QR frames as PNG pictures and back: `rstuf-signer qr show --png DIR` writes them, and
// `qr read --images DIR` reads photos or screenshots of frames (any order) through the same
// reader as the app's camera (shared/qr/read-image.ts).

import { PNG } from 'pngjs';
import { SignerError } from '../../../shared/errors.js';
import { readQrText } from '../../../shared/qr/read-image.js';
import { isDark, type QrMatrix } from './matrix.js';

/** The quiet zone QR readers need around a symbol, in modules. */
export const QUIET_ZONE = 4;
/** A screenshot or a photo of a frame; larger pictures are refused before they are decoded. */
export const MAX_PNG_PIXELS = 40_000_000;

export function matrixToPng(matrix: QrMatrix, scale = 6): Uint8Array {
  const side = (matrix.size + 2 * QUIET_ZONE) * scale;
  const png = new PNG({ width: side, height: side });
  png.data.fill(255);
  for (let y = 0; y < matrix.size; y += 1) {
    for (let x = 0; x < matrix.size; x += 1) {
      if (!isDark(matrix, x, y)) continue;
      for (let dy = 0; dy < scale; dy += 1) {
        const row = ((y + QUIET_ZONE) * scale + dy) * side;
        for (let dx = 0; dx < scale; dx += 1) {
          const at = (row + (x + QUIET_ZONE) * scale + dx) * 4;
          png.data[at] = 0;
          png.data[at + 1] = 0;
          png.data[at + 2] = 0;
        }
      }
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** The text of the QR code in a PNG picture, or null when it shows none. Throws INPUT_MALFORMED for a file that is not a PNG. */
export function readQrPng(bytes: Uint8Array, label: string): string | null {
  // The header names the size before anything is allocated: a tiny file may claim gigapixels.
  const isPng = bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (!isPng) throw new SignerError('INPUT_MALFORMED', `${label} is not a PNG picture`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixels = view.getUint32(16) * view.getUint32(20);
  if (pixels > MAX_PNG_PIXELS) throw new SignerError('INPUT_TOO_LARGE', `${label} is ${view.getUint32(16)}x${view.getUint32(20)} pixels; a picture of a QR frame needs far fewer (at most ${MAX_PNG_PIXELS / 1e6} megapixels)`);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch (error) {
    throw new SignerError('INPUT_MALFORMED', `${label} is not a PNG picture we can read (${(error as Error).message})`);
  }
  return readQrText(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
}
