// The limits of the animated QR exchange, shared by main (frames, IPC checks) and the renderer
// (what the Scan screen says): one place for each number.

/** What fits in QR frames: a root, a root update, a bootstrap payload (a few to ~60 KB). Larger goes by USB. */
export const MAX_QR_PAYLOAD_BYTES = 64 * 1024;
/** QR versions used: 5 (37 modules) up to 16 (81 modules), which a laptop camera reads off a screen. */
export const QR_MIN_VERSION = 5;
export const QR_MAX_VERSION = 16;
/** Frames a payload under the limit can need (64 KB that does not compress, at version 16), and no more. */
export const MAX_QR_FRAMES = 128;
/** The longest text one QR code carries (version 40, alphanumeric). */
export const MAX_QR_TEXT = 4296;
