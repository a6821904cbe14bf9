// The IPC dispatcher, in plain Node: (channel, raw argument) -> IpcResult. It is the only way the
// renderer reaches the app services, in every shell (Electron ipcMain via register.ts, the browser
// shell's HTTP bridge, the e2e harness's exposeFunction).
//
// Trust boundary: `channel` and `raw` come from the renderer and are treated as hostile.
// - The channel must be one of CHANNEL_NAMES (a Map lookup, so "__proto__" or "toString" match nothing).
// - The argument is parsed with the channel's strict zod schema; unknown keys (including
//   "__proto__"/"constructor"), wrong types, over-long strings and paths are rejected before any
//   service runs. The error message names the field, never echoes the value (it may be a secret).
// - A SignerError becomes {code, message, file}: `file` is the file's name, never its path (main
//   keeps paths; messages name files by name, see SignerError.file). A cancelled dialog becomes
//   CANCELLED; anything else is a
//   bug and becomes INTERNAL without its message (which could carry paths or secrets).
// - The service's response is checked against the response schema, so nothing outside the
//   contract (a secret, a path in an unexpected field) can leave main.
// Nothing is thrown across the boundary.

import type { z } from 'zod';
import { basename } from 'node:path';
import { isSignerError, type SignerError } from '../../shared/errors.js';
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

/**
 * A SignerError as the renderer sees it. Messages name files, never paths; one that still holds its
 * own path is a bug in the signer: it is logged and the holder gets the code and the file's name.
 */
function failureOf(channel: string, error: SignerError, logError: (channel: string, error: unknown) => void): IpcResult<never> {
  const name = error.file === undefined ? undefined : basename(error.file);
  if (error.file !== undefined && error.file !== name && error.message.includes(error.file)) {
    logError(channel, new Error(`a ${error.code} message names its path: ${error.message}`));
    return fail(error.code, `${name}: this could not be done (a bug in the signer hid the details; they are in the app log)`, name);
  }
  return fail(error.code, error.message, name);
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
      if (isSignerError(error)) return failureOf(channel, error, logError);
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
