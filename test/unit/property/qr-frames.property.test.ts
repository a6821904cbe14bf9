// Round trip of the animated QR exchange: any payload up to the QR limit, split into BBQr frames,
// played as a looping animation that the reader catches in any order and with frames lost, joins
// back to the same bytes as soon as every part was caught at least once; until then the collector
// names exactly the parts still missing. Frames of another payload in view never spoil the read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignerError } from '../../../shared/errors.js';
import { encodeQrFrames, MAX_QR_PAYLOAD_BYTES } from '../../../main/core/qr/frames.js';
import { QrCollector } from '../../../main/core/qr/collect.js';

// Payloads as they come: JSON text (compresses) and arbitrary bytes (does not), up to the limit.
const jsonish = fc
  .array(fc.record({ keyid: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex")), sig: fc.string({ maxLength: 200 }) }), { maxLength: 300 })
  .map((sigs) => new TextEncoder().encode(JSON.stringify({ role: 'root', signatures: sigs })))
  .filter((b) => b.length <= MAX_QR_PAYLOAD_BYTES);
const payloadArb = fc.oneof(jsonish, fc.uint8Array({ minLength: 1, maxLength: 2048 }), fc.uint8Array({ minLength: MAX_QR_PAYLOAD_BYTES - 2048, maxLength: MAX_QR_PAYLOAD_BYTES }));

/** What a camera catches of an animation looping `loops` times: some frames lost, then shuffled. */
function caught(parts: string[], loops: number, kept: boolean[], order: number[]): string[] {
  const played = Array.from({ length: loops }, () => parts).flat();
  const stream = played.filter((_, i) => kept[i % kept.length]);
  const keyed = stream.map((text, i) => ({ text, key: order[i % order.length]! * 1000 + i }));
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.text);
}

describe('QR frames round trip (BBQr)', () => {
  it('any payload up to the limit survives frames in random order with losses', () => {
    fc.assert(
      fc.property(payloadArb, fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), fc.array(fc.nat(50), { minLength: 1, maxLength: 64 }), (bytes, loops, kept, order) => {
        const frames = encodeQrFrames(bytes, 'payload.json');
        const stream = caught(frames.parts, loops, kept, order);
        const collector = new QrCollector();
        for (const text of stream) expect(collector.add(text).accepted).toBe(true);
        const seen = new Set(stream.map((t) => parseInt(t.slice(6, 8), 36)));
        const missing = frames.parts.map((_, i) => i + 1).filter((n) => !seen.has(n - 1));
        const progress = collector.progress();
        if (stream.length > 0) {
          expect(progress.total).toBe(frames.parts.length);
          expect(progress.missing).toEqual(missing);
        }
        if (missing.length === 0 && stream.length > 0) {
          expect(progress.complete).toBe(true);
          expect(Buffer.from(collector.result('scan')).equals(Buffer.from(bytes))).toBe(true);
        } else {
          expect(progress.complete).toBe(false);
          expect(() => collector.result('scan')).toThrow(SignerError);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('frames of another payload in view are refused one by one, and the read still completes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 6000 }), fc.uint8Array({ minLength: 1, maxLength: 6000 }), fc.array(fc.nat(30), { minLength: 1, maxLength: 40 }), (a, b, order) => {
        fc.pre(Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0);
        const ours = encodeQrFrames(a, 'a.json').parts;
        const theirs = encodeQrFrames(b, 'b.json').parts;
        const collector = new QrCollector();
        collector.add(ours[0]!);
        const mixed = caught([...ours, ...theirs], 1, [true], order);
        for (const text of mixed) {
          const r = collector.add(text);
          // A frame of the other payload may only be accepted when it is byte-identical to one of ours.
          if (r.accepted) expect(ours).toContain(text);
        }
        expect(Buffer.from(collector.result('scan')).equals(Buffer.from(a))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
