// Collects BBQr frames as a camera or a folder of pictures yields them: in any order, each part
// counted once, so progress can say which parts are still missing. Frames of another payload (a
// second QR code in view, a stale animation) are refused one by one without losing what was read.

import { SignerError } from '../../../shared/errors.js';
import { joinQrFrames, parseQrFrame, type QrFrameHeader } from './frames.js';

export interface QrProgress {
  /** Frames read so far, repeats included. */
  framesRead: number;
  /** Parts the payload has (null until the first frame is read). */
  total: number | null;
  /** Distinct parts read. */
  received: number;
  /** 1-based numbers of the parts not read yet. */
  missing: number[];
  complete: boolean;
}

export type QrAddResult = { accepted: true; repeat: boolean; progress: QrProgress } | { accepted: false; reason: string; progress: QrProgress };

export class QrCollector {
  private header: Pick<QrFrameHeader, 'encoding' | 'fileType' | 'total'> | null = null;
  private readonly parts = new Map<number, string>();
  private framesRead = 0;

  /** Adds one frame's text. Never throws: a frame that is not ours is refused with the reason. */
  add(text: string): QrAddResult {
    const parsed = parseQrFrame(text);
    if ('refused' in parsed) return { accepted: false, reason: parsed.refused, progress: this.progress() };
    if (this.header && (parsed.encoding !== this.header.encoding || parsed.total !== this.header.total || parsed.fileType !== this.header.fileType)) {
      return { accepted: false, reason: `this frame belongs to another payload (${parsed.total} parts, encoding ${parsed.encoding}; the one being read has ${this.header.total}, encoding ${this.header.encoding})`, progress: this.progress() };
    }
    const body = text.slice(8);
    const known = this.parts.get(parsed.index);
    if (known !== undefined && known !== body) {
      return { accepted: false, reason: `part ${parsed.index + 1} was read before with other content: this frame belongs to another payload`, progress: this.progress() };
    }
    this.header ??= { encoding: parsed.encoding, fileType: parsed.fileType, total: parsed.total };
    this.framesRead += 1;
    this.parts.set(parsed.index, body);
    return { accepted: true, repeat: known !== undefined, progress: this.progress() };
  }

  progress(): QrProgress {
    const total = this.header?.total ?? null;
    const missing: number[] = [];
    if (total !== null) for (let i = 0; i < total; i += 1) if (!this.parts.has(i)) missing.push(i + 1);
    return { framesRead: this.framesRead, total, received: this.parts.size, missing, complete: total !== null && missing.length === 0 };
  }

  /** The payload's bytes once every part is read; otherwise BUNDLE_INCOMPLETE naming the missing parts. */
  result(label: string): Uint8Array {
    const p = this.progress();
    if (!this.header || p.total === null) throw new SignerError('BUNDLE_INCOMPLETE', `${label}: no QR frame of an RSTUF payload was read`);
    if (!p.complete) throw new SignerError('BUNDLE_INCOMPLETE', `${label}: ${p.received} of ${p.total} parts were read; still missing ${describeMissing(p.missing)} (let the animation play round again)`);
    const h = this.header;
    const prefix = (i: number) => `B$${h.encoding}${h.fileType}${h.total.toString(36).toUpperCase().padStart(2, '0')}${i.toString(36).toUpperCase().padStart(2, '0')}`;
    return joinQrFrames([...this.parts.entries()].map(([i, body]) => prefix(i) + body), label);
  }
}

/** "parts 2, 5 and 7" (at most ten named). */
export function describeMissing(missing: readonly number[]): string {
  if (missing.length === 1) return `part ${missing[0]}`;
  const shown = missing.slice(0, 10);
  const more = missing.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${more} more` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `parts ${list}`;
}
