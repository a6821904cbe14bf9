// Animated QR codes across the air gap, in BBQr (Coinkite's "Better Bitcoin QR", kept by the
// wallets that moved off USB: Coldcard Q, Sparrow, Nunchuk): each frame says how many parts there
// are and which one it is, so frames are read in any order and a missed one comes round again as
// the animation loops; the parts are zlib-compressed base32, which QR codes carry in their dense
// alphanumeric mode. The `bbqr` package splits and joins; this module sets the limits and turns
// its errors into sentences (docs/exchange.md says why BBQr and not BC-UR).

import { joinQRs, splitQRs } from 'bbqr';
import { SignerError } from '../../../shared/errors.js';
import { MAX_QR_FRAMES, MAX_QR_PAYLOAD_BYTES, QR_MAX_VERSION, QR_MIN_VERSION } from '../../../shared/qr/limits.js';

/** BBQr file type J: JSON (every RSTUF payload is JSON). */
export const QR_FILE_TYPE = 'J';
export { MAX_QR_FRAMES, MAX_QR_PAYLOAD_BYTES, QR_MAX_VERSION, QR_MIN_VERSION } from '../../../shared/qr/limits.js';
const HEADER = /^B\$([HZ2])([A-Z])([0-9A-Z]{2})([0-9A-Z]{2})/;

export interface QrFrames {
  /** One text per frame, in order ("B$ZJ0300...", "B$ZJ0301...", ...). */
  parts: string[];
  /** The QR version every frame is drawn at. */
  version: number;
  /** BBQr encoding: Z (zlib + base32), 2 (base32 when compression does not help), H (hex). */
  encoding: string;
  /** Size of the payload carried. */
  bytes: number;
}

/** Says the payload is too big for QR codes and points to the USB stick. */
export function tooLargeForQr(label: string, bytes: number): SignerError {
  return new SignerError(
    'INPUT_TOO_LARGE',
    `${label} is ${kib(bytes)} (${bytes.toLocaleString('en-US')} bytes), more than the ${kib(MAX_QR_PAYLOAD_BYTES)} animated QR codes carry here; move it on a USB stick instead (export a bundle, or rstuf-signer bundle create)`,
  );
}

/** Splits a payload into BBQr frames. Throws INPUT_TOO_LARGE (pointing to USB) above MAX_QR_PAYLOAD_BYTES. */
export function encodeQrFrames(bytes: Uint8Array, label: string): QrFrames {
  if (bytes.length === 0) throw new SignerError('INPUT_MALFORMED', `${label} is empty: there is nothing to show as QR codes`);
  if (bytes.length > MAX_QR_PAYLOAD_BYTES) throw tooLargeForQr(label, bytes.length);
  const split = splitQRs(bytes, QR_FILE_TYPE, { encoding: 'Z', minVersion: QR_MIN_VERSION, maxVersion: QR_MAX_VERSION });
  return { parts: split.parts, version: split.version, encoding: split.encoding, bytes: bytes.length };
}

export interface QrFrameHeader {
  encoding: string;
  fileType: string;
  total: number;
  index: number;
}

/** The BBQr header of a frame's text, or a sentence saying why it is not a frame of ours. */
export function parseQrFrame(text: string): QrFrameHeader | { refused: string } {
  const m = HEADER.exec(text);
  if (!m) return { refused: 'this QR code is not a BBQr frame (it does not start with "B$"); show the frames rstuf-signer qr show or the app made' };
  const [, encoding, fileType, totalText, indexText] = m as unknown as [string, string, string, string, string];
  const total = parseInt(totalText, 36);
  const index = parseInt(indexText, 36);
  if (fileType !== QR_FILE_TYPE) return { refused: `this BBQr frame carries file type ${fileType}, not JSON (J): it is not an RSTUF payload` };
  if (total < 1 || total > MAX_QR_FRAMES) return { refused: `this BBQr frame says the payload has ${total} parts; at most ${MAX_QR_FRAMES} are read (larger payloads go by USB)` };
  if (index >= total) return { refused: `this BBQr frame is part ${index + 1} of ${total}, which cannot be` };
  return { encoding, fileType, total, index };
}

/** Joins the frames of one payload (every part present, any order) back into its bytes. */
export function joinQrFrames(parts: readonly string[], label: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = joinQRs([...parts]).raw;
  } catch (error) {
    throw new SignerError('INPUT_MALFORMED', `${label}: the QR frames do not join into a payload (${(error as Error).message})`);
  }
  // The frames are compressed: the size is only known once joined.
  if (raw.length > MAX_QR_PAYLOAD_BYTES) throw tooLargeForQr(label, raw.length);
  return raw;
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`;
}
