// The preload exposes exactly one method per channel plus the event subscriptions, and listeners
// never see the IpcRendererEvent.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_METHODS, EVENTS } from '../../../shared/ipc/channels.js';

const exposed: Record<string, any> = {};
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));
const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
const removed: string[] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, l: (...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), l]),
    removeListener: (channel: string) => removed.push(channel),
  },
}));

beforeAll(async () => {
  await import('../../../main/shells/electron/preload.js');
});

describe('preload', () => {
  it('exposes only window.signer', () => {
    expect(Object.keys(exposed)).toEqual(['signer']);
  });

  it('has exactly one method per channel plus the event subscriptions', () => {
    expect(Object.keys(exposed.signer).sort()).toEqual([...Object.keys(CHANNELS), ...Object.keys(EVENT_METHODS)].sort());
  });

  it.each(Object.entries(CHANNELS))('%s invokes %s with the one argument', async (method, channel) => {
    invoke.mockClear();
    await exposed.signer[method]({ probe: method });
    expect(invoke).toHaveBeenCalledWith(channel, { probe: method });
  });

  it('passes the payload only to listeners and unsubscribes', () => {
    const got: unknown[] = [];
    const off = exposed.signer.onProgress((...args: unknown[]) => got.push(args));
    const fakeEvent = { sender: { send: () => undefined }, senderId: 0 };
    for (const l of listeners.get(EVENTS.progress) ?? []) l(fakeEvent, { phase: 'touch' });
    expect(got).toEqual([[{ phase: 'touch' }]]);
    off();
    expect(removed).toEqual([EVENTS.progress]);
  });

  it('refuses a non-function listener', () => {
    expect(() => exposed.signer.onDevices('not a function')).toThrow(TypeError);
  });
});
