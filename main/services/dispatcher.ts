// The IPC dispatcher, in plain Node: (channel, raw argument) -> IpcResult. It is the only way the
// renderer reaches the app services, in every shell (Electron ipcMain via register.ts, the browser
// shell's HTTP bridge, the e2e harness's exposeFunction).
//
// Trust boundary: `channel` and `raw` come from the renderer and are treated as hostile.
// - The channel must be one of CHANNEL_NAMES (a Map lookup, so "__proto__" or "toString" match nothing).
// - The argument is parsed with the channel's strict zod schema; unknown keys (including
//   "__proto__"/"constructor"), wrong types, over-long strings and paths are rejected before any
//   service runs. The error message names the field, never echoes the value (it may be a secret).
// - A SignerError becomes {code, message}; a cancelled dialog becomes CANCELLED; anything else is a
//   bug and becomes INTERNAL without its message (which could carry paths or secrets).
// - The service's response is checked against the response schema, so nothing outside the
//   contract (a secret, a path in an unexpected field) can leave main.
// Nothing is thrown across the boundary.

import type { z } from 'zod';
import { isSignerError } from '../../shared/errors.js';
import { CHANNEL_SCHEMAS, channelKeyOf } from '../../shared/ipc/contract.js';
import type { ChannelKey } from '../../shared/ipc/channels.js';
import { fail, ok, type IpcResult } from '../../shared/ipc/result.js';
import type { AppServices } from './services.js';

export interface DispatcherOptions {
  /** Where unexpected errors are reported (never shown to the renderer). */
  logError?: (channel: string, error: unknown) => void;
}

export interface Dispatcher {
  handle(channel: unknown, raw: unknown): Promise<IpcResult<unknown>>;
}

/** "files.0.path: must be a plain relative path" for the first few issues; values are never echoed. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the argument';
    if (issue.code === 'unrecognized_keys') return `${where === 'the argument' ? 'the argument' : where} has unexpected field(s) ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`;
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${parts.join('; ')}${more}`;
}

export function createDispatcher(services: AppServices, options: DispatcherOptions = {}): Dispatcher {
  const logError = options.logError ?? ((channel: string, error: unknown) => console.error(`rstuf-signer: internal error on ${channel}:`, error instanceof Error ? error.stack : error));

  async function run<K extends ChannelKey>(key: K, channel: string, raw: unknown): Promise<IpcResult<unknown>> {
    const schemas = CHANNEL_SCHEMAS[key];
    const parsed = schemas.request.safeParse(raw);
    if (!parsed.success) return fail('IPC_INVALID_ARGUMENT', `${channel} was called with an invalid argument: ${describeIssues(parsed.error)}`);
    let value: unknown;
    try {
      const handler = services[key] as (request: unknown) => Promise<unknown>;
      value = await handler(parsed.data);
    } catch (error) {
      if (isSignerError(error)) return fail(error.code, error.message);
      logError(channel, error);
      return fail('INTERNAL', 'An unexpected error stopped this operation (a bug in the signer); the details are in the app log.');
    }
    const checked = schemas.response.safeParse(value);
    if (!checked.success) {
      logError(channel, new Error(`response outside the contract: ${describeIssues(checked.error)}`));
      return fail('INTERNAL', 'The signer produced an answer outside its contract (a bug); nothing was shown. The details are in the app log.');
    }
    return ok(checked.data);
  }

  return {
    async handle(channel, raw) {
      const key = channelKeyOf(channel);
      if (key === undefined) {
        const shown = typeof channel === 'string' ? JSON.stringify(channel.slice(0, 80)) : `a ${typeof channel}`;
        return fail('IPC_UNKNOWN_CHANNEL', `${shown} is not a signer channel`);
      }
      try {
        return await run(key, channel as string, raw);
      } catch (error) {
        // Defensive: run() catches service errors; this only guards schema internals.
        logError(String(channel), error);
        return fail('INTERNAL', 'An unexpected error stopped this operation (a bug in the signer); the details are in the app log.');
      }
    },
  };
}
