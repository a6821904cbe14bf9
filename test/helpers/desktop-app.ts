// Builds the real app services + dispatcher over a temp app data dir, with scripted dialogs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventPayloads } from '../../shared/ipc/channels.js';
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
