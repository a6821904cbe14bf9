// BBQr frames drawn as QR symbols and read back from PNG pictures (what `qr show --png` writes and
// `qr read --images` reads), the limits, and the sentences for what is not a frame of ours.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { SignerError } from '../../../../shared/errors.js';
import { encodeQrFrames, MAX_QR_PAYLOAD_BYTES, parseQrFrame, QR_MAX_VERSION } from '../../../../main/core/qr/frames.js';
import { describeMissing, QrCollector } from '../../../../main/core/qr/collect.js';
import { qrMatrix } from '../../../../main/core/qr/matrix.js';
import { matrixToPng, readQrPng } from '../../../../main/core/qr/png.js';
import { apiFixture, cliFixture } from '../../../helpers/fixtures.js';

function framesAsPngs(bytes: Uint8Array, scale = 4): Uint8Array[] {
  const frames = encodeQrFrames(bytes, 'payload.json');
  return frames.parts.map((text) => matrixToPng(qrMatrix(text, frames.version), scale));
}

describe('QR frames from PNG pictures', () => {
  it('a root update read from PNG frames in reverse order gives back its bytes', () => {
    const bytes = readFileSync(cliFixture('update.json'));
    const pngs = framesAsPngs(bytes);
    expect(pngs.length).toBeGreaterThan(1);
    const collector = new QrCollector();
    for (const png of [...pngs].reverse()) {
      const text = readQrPng(png, 'frame.png');
      expect(text).toMatch(/^B\$ZJ/);
      expect(collector.add(text as string).accepted).toBe(true);
    }
    expect(Buffer.from(collector.result('frames')).equals(bytes)).toBe(true);
  });

  it('a bootstrap payload fits, each frame at most version 16', () => {
    const bytes = readFileSync(apiFixture('payload_bins.json'));
    const frames = encodeQrFrames(bytes, 'payload_bins.json');
    expect(frames.version).toBeLessThanOrEqual(QR_MAX_VERSION);
    const matrix = qrMatrix(frames.parts[0]!, frames.version);
    expect(matrix.size).toBe(17 + 4 * frames.version);
    expect(matrix.modules).toMatch(/^[01]+$/);
    expect(matrix.modules.length).toBe(matrix.size * matrix.size);
  });

  it('a picture without a QR code reads as null; a file that is not a PNG is named', () => {
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    expect(readQrPng(new Uint8Array(PNG.sync.write(blank)), 'blank.png')).toBeNull();
    expect(() => readQrPng(new TextEncoder().encode('{"not":"a png"}'), 'notes.png')).toThrow(/notes.png is not a PNG picture/);
  });

  it('a PNG claiming gigapixels is refused before it is decoded', () => {
    const small = framesAsPngs(new TextEncoder().encode('{"a":1}'))[0]!;
    const forged = Uint8Array.from(small);
    new DataView(forged.buffer).setUint32(16, 100_000);
    new DataView(forged.buffer).setUint32(20, 100_000);
    expect(() => readQrPng(forged, 'huge.png')).toThrow(/huge.png is 100000x100000 pixels/);
  });
});

describe('limits and refusals', () => {
  it('a payload above the limit says so and points to USB', () => {
    const big = new Uint8Array(MAX_QR_PAYLOAD_BYTES + 1).fill(0x20);
    try {
      encodeQrFrames(big, 'targets-delegated.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SignerError);
      expect((error as SignerError).code).toBe('INPUT_TOO_LARGE');
      expect((error as SignerError).message).toMatch(/targets-delegated.json is 64 KB \(65,537 bytes\), more than the 64 KB .*USB stick/);
    }
  });

  it.each([
    ['https://example.com', /not a BBQr frame/],
    ['B$ZP0100AAAA', /file type P, not JSON/],
    ['B$ZJZZ00AAAA', /1295 parts; at most 128/],
    ['B$ZJ0203AAAA', /part 4 of 2/],
  ])('refuses %j', (text, reason) => {
    const parsed = parseQrFrame(text);
    expect('refused' in parsed && parsed.refused).toMatch(reason);
    const collector = new QrCollector();
    const r = collector.add(text);
    expect(r.accepted).toBe(false);
    expect(r.progress.total).toBeNull();
  });

  it('names the missing parts until every part is read', () => {
    const parts = encodeQrFrames(readFileSync(cliFixture('update.json')), 'update.json').parts;
    const collector = new QrCollector();
    collector.add(parts[0]!);
    collector.add(parts[0]!);
    const p = collector.progress();
    expect(p).toMatchObject({ framesRead: 2, received: 1, total: parts.length, complete: false });
    expect(p.missing).toEqual(parts.slice(1).map((_, i) => i + 2));
    expect(() => collector.result('camera')).toThrow(new RegExp(`1 of ${parts.length} parts were read; still missing part`));
  });

  it('describes missing parts in words', () => {
    expect(describeMissing([3])).toBe('part 3');
    expect(describeMissing([2, 5, 7])).toBe('parts 2, 5 and 7');
    expect(describeMissing([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).toBe('parts 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more');
  });
});
