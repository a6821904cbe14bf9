// Reads the text of one QR code from an RGBA image: a camera frame in the renderer (canvas
// ImageData) or a PNG decoded in main (pngjs). One reader for both, so the app's Scan screen and
// `rstuf-signer qr read --images` accept the same pictures. jsQR is plain JavaScript (no wasm, no
// eval), so it runs under the renderer's CSP.

import jsQRModule from 'jsqr';

type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' }) => { data: string } | null;

// jsqr is CommonJS with an ES-style default: bundlers and Node hand back either shape.
const jsQR: JsQr = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as JsQr;

/** The text of the QR code in the image, or null when none is found. */
export function readQrText(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  if (width <= 0 || height <= 0 || rgba.length < width * height * 4) return null;
  // Frames are drawn dark on light; 'dontInvert' halves the work per camera frame.
  const code = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
  return code ? code.data : null;
}
