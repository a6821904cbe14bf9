// Y4M (YUV4MPEG2) video for Chromium's fake camera (--use-file-for-fake-video-capture=F.y4m):
// a text header, then per frame "FRAME\n" and the raw 4:2:0 planes (Y full size, U and V a quarter
// each). Pictures (e.g. QR frames read from PNG) are scaled by whole pixels onto a white frame,
// grey only (U = V = 128), each held for `hold` video frames so the reader sees it several times.
import { writeFileSync } from 'node:fs';

export interface RgbaPicture {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Uint8Array;
}

export interface Y4mOptions {
  width?: number;
  height?: number;
  fps?: number;
  /** Video frames each picture stays on screen. */
  hold?: number;
}

/** The luma plane of one video frame: `picture` scaled (nearest pixel) to fit, centred on white. */
export function lumaFrame(picture: RgbaPicture, width: number, height: number): Uint8Array {
  const y = new Uint8Array(width * height).fill(235);
  const scale = Math.max(1, Math.floor(Math.min((width - 16) / picture.width, (height - 16) / picture.height)));
  const left = Math.floor((width - picture.width * scale) / 2);
  const top = Math.floor((height - picture.height * scale) / 2);
  for (let py = 0; py < picture.height * scale; py += 1) {
    for (let px = 0; px < picture.width * scale; px += 1) {
      const at = (Math.floor(py / scale) * picture.width + Math.floor(px / scale)) * 4;
      const luma = 0.299 * picture.data[at]! + 0.587 * picture.data[at + 1]! + 0.114 * picture.data[at + 2]!;
      // Studio range (16..235), as 4:2:0 video carries it.
      y[(top + py) * width + left + px] = Math.round(16 + (luma * 219) / 255);
    }
  }
  return y;
}

export function writeY4m(path: string, pictures: RgbaPicture[], options: Y4mOptions = {}): void {
  const { width = 640, height = 480, fps = 10, hold = 4 } = options;
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error('4:2:0 video needs an even width and height');
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const chunks: Buffer[] = [header];
  for (const picture of pictures) {
    const luma = Buffer.from(lumaFrame(picture, width, height));
    for (let i = 0; i < hold; i += 1) chunks.push(Buffer.from('FRAME\n', 'ascii'), luma, chroma);
  }
  writeFileSync(path, Buffer.concat(chunks));
}
