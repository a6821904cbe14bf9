// Main -> renderer events for the browser shell: kept in a short queue the page long-polls
// (POST /__signer/events {after}). Payloads only, same as Electron's webContents.send.

import type { EventPayloads } from '../../../shared/ipc/channels.js';
import type { EventSink } from '../../services/events.js';

export interface QueuedEvent {
  seq: number;
  event: keyof EventPayloads;
  payload: unknown;
}

const KEEP = 200;

export class EventQueue {
  private seq = 0;
  private events: QueuedEvent[] = [];
  private waiters = new Set<() => void>();
  private closed = false;

  readonly sink: EventSink = (event, payload) => {
    this.seq += 1;
    this.events.push({ seq: this.seq, event, payload });
    if (this.events.length > KEEP) this.events = this.events.slice(-KEEP);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  };

  /** The last sequence number handed out (a poll with after < 0 starts from here: no replay). */
  get current(): number {
    return this.seq;
  }

  after(seq: number): QueuedEvent[] {
    return this.events.filter((e) => e.seq > seq);
  }

  /** Events after `seq`, waiting up to `ms` for one to arrive. */
  waitAfter(seq: number, ms: number): Promise<{ events: QueuedEvent[]; last: number }> {
    const ready = this.after(seq);
    if (ready.length > 0 || this.closed) return Promise.resolve({ events: ready, last: this.seq });
    return new Promise((resolveWait) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolveWait({ events: this.after(seq), last: this.seq });
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  close(): void {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
