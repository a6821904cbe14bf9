// The only file that touches ipcMain. For every channel of the contract (and nothing else: no
// generic passthrough, no sendSync), it checks the sender frame, then hands the raw argument to
// the dispatcher, which parses it from `unknown`. Electron security checklist #17; house style 5.4.3.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNEL_NAMES, type EventPayloads } from '../../../shared/ipc/channels.js';
import { EVENT_SCHEMAS, eventKeyOf } from '../../../shared/ipc/contract.js';
import { fail, type IpcResult } from '../../../shared/ipc/result.js';
import type { Dispatcher } from '../../services/dispatcher.js';
import { isAppUrl } from './security/origin.js';
import { SECRET_ANSWER_CHANNEL } from './secret-prompt-page.js';
import type { SecretAnswers } from './secret-window.js';

type SenderFrameLike = { url: string; parent: unknown } | null | undefined;

/**
 * The call must come from the app's own page: the top-level frame (no parent: an iframe could be
 * foreign content) whose URL is on app://signer. Anything else gets IPC_FORBIDDEN_SENDER.
 */
export function isTrustedSender(event: { senderFrame?: SenderFrameLike }): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export const FORBIDDEN_SENDER_MESSAGE = 'This request did not come from the signer\'s own window and was refused.';

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatcher: Dispatcher): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event as unknown as { senderFrame?: SenderFrameLike })) return fail('IPC_FORBIDDEN_SENDER', FORBIDDEN_SENDER_MESSAGE);
      // The preload passes at most one argument; more means someone else is calling.
      if (args.length > 1) return fail('IPC_INVALID_ARGUMENT', `${channel} takes one argument, got ${args.length}`);
      return dispatcher.handle(channel, args[0]);
    });
  }
}

/** Main -> renderer events: only contract events with valid payloads, only to a live window. */
export function createWebContentsEventSink(getContents: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined) {
  return <E extends keyof EventPayloads>(event: E, payload: EventPayloads[E]): void => {
    const key = eventKeyOf(event);
    if (!key || !EVENT_SCHEMAS[key].safeParse(payload).success) return;
    const contents = getContents();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  };
}

/**
 * The secret prompt's one channel (secret-window.ts): a plain message, not a contract channel, so
 * the app's page cannot reach it through window.signer. Each open prompt listens for answers from
 * its own web contents only.
 */
export function registerSecretAnswers(ipcMain: Pick<IpcMain, 'on'>): SecretAnswers {
  const handlers = new Set<(sender: unknown, answer: unknown) => void>();
  ipcMain.on(SECRET_ANSWER_CHANNEL, (event, answer: unknown) => {
    for (const handler of [...handlers]) handler(event.sender, answer);
  });
  return {
    listen(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
