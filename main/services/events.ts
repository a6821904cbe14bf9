// Main -> renderer events (payload only). Each shell provides the sink: webContents.send in
// Electron, a long-poll queue in the browser shell, page.evaluate in the e2e harness.
import type { EventPayloads } from '../../shared/ipc/channels.js';

export type EventSink = <E extends keyof EventPayloads>(event: E, payload: EventPayloads[E]) => void;

export const discardEvents: EventSink = () => undefined;
