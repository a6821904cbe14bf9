// A frame's QR symbol as a module matrix: main draws nothing, it hands the dark/light modules to
// whoever draws them (the renderer's canvas, a PNG, a terminal, an HTML page). The `qrcode` package
// encodes; BBQr's frames are upper-case base32, so they go in alphanumeric mode at the version
// BBQr sized them for, with error correction L (what BBQr's capacity table assumes).

import QRCode from 'qrcode';

export interface QrMatrix {
  /** Modules per side. */
  size: number;
  /** size*size characters, row by row: "1" dark, "0" light. */
  modules: string;
}

export function qrMatrix(text: string, version: number): QrMatrix {
  const code = QRCode.create([{ data: text, mode: 'alphanumeric' }], { version, errorCorrectionLevel: 'L' });
  const { size, data } = code.modules;
  let modules = '';
  for (let i = 0; i < size * size; i += 1) modules += data[i] ? '1' : '0';
  return { size, modules };
}

/** Is the module at (x, y) dark? */
export function isDark(matrix: QrMatrix, x: number, y: number): boolean {
  return matrix.modules.charCodeAt(y * matrix.size + x) === 49;
}
