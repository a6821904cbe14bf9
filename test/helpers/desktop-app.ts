// Builds the real app services + dispatcher over a temp app data dir, with scripted dialogs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { EventPayloads } from '../../shared/ipc/channels.js';
import type { IpcResult } from '../../shared/ipc/result.js';
import { ScriptedDialogs } from './scripted-dialogs.js';
import { createAppServices, type AppServicesOptions } from '../../main/services/services.js';
import { createDispatcher } from '../../main/services/dispatcher.js';

export interface RecordedEvent {
  event: keyof EventPayloads;
  payload: unknown;
}

export function makeTestApp(options: Partial<AppServicesOptions> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'rstuf-app-'));
  const dialogs = new ScriptedDialogs();
  const events: RecordedEvent[] = [];
  const internalErrors: unknown[] = [];
  const services = createAppServices({
    dataDir: join(root, 'data'),
    dialogs,
    shell: 'test',
    events: (event, payload) => events.push({ event, payload }),
    now: () => new Date('2026-11-25T12:00:00Z'),
    ...options,
  });
  const dispatcher = createDispatcher(services, { logError: (_c, e) => internalErrors.push(e) });
  return {
    root,
    dialogs,
    events,
    internalErrors,
    services,
    dispatcher,
    call: (channel: string, arg?: unknown) => dispatcher.handle(channel, arg),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export type TestApp = ReturnType<typeof makeTestApp>;

/** The value of an IPC answer; a failed answer throws with its code and message. */
 
export function ipcValue<T = any>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** The error of an IPC answer, or undefined when it succeeded. */
export const ipcError = (r: IpcResult<unknown>) => (r.ok ? undefined : r.error);

/** A fresh test app for every test of the calling file (`current()` is this test's). */
export function freshTestAppPerTest(options: Partial<AppServicesOptions> = {}): () => TestApp {
  let app: TestApp | undefined;
  beforeEach(() => {
    app = makeTestApp(options);
  });
  afterEach(() => app?.cleanup());
  return () => app as TestApp;
}
