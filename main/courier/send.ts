// `send`: posts what a bundle holds to RSTUF, one payload at a time, following each task to its end.
//
// Re-sending is harmless: every payload RSTUF accepted is recorded in sent.json inside the bundle
// (file, sha256, API, task id), and a recorded payload is not posted again. Without a record (a
// copy of the bundle, a read-only stick), a sign payload whose signature RSTUF already holds in
// the pending metadata is recognised from GET /api/v1/metadata/sign and not posted either.

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JsonObject } from '../../shared/json/strict-json.js';
import { SignerError } from '../../shared/errors.js';
import type { RstufSignPayload, TufSignature } from '../../shared/tuf/types.js';
import { delegationsPayloadWarnings, importBundleOrFile, type BundleFile, type ImportedBundle } from '../core/exchange/bundle.js';
import { SENT_RECORD_NAME } from '../core/exchange/manifest.js';
import { writeFileAtomic } from '../core/platform/atomic-file.js';
import { describeApiAnswer, describeTaskResult, ENDPOINTS, waitForTask, type RstufApiClient } from './rstuf-api.js';

export type PayloadOutcome = 'accepted' | 'already-accepted' | 'rejected' | 'failed' | 'timed-out';

export interface PayloadResult {
  file: string;
  /** POST, or PUT for a delegations update. */
  method: 'POST' | 'PUT';
  endpoint: string;
  outcome: PayloadOutcome;
  taskId?: string;
  state?: string;
  /** What RSTUF said, in its words. */
  message: string;
}

export interface SendOptions {
  api: RstufApiClient;
  bundlePath: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Post even payloads recorded as accepted. */
  again?: boolean;
  /**
   * Send the delegations payload as an update of existing delegations (PUT /api/v1/delegations/)
   * instead of an addition (POST). Refused for a bundle without a delegations payload.
   */
  updateDelegations?: boolean;
  onResult?: (result: PayloadResult) => void;
  /** Said before anything is posted (e.g. the bundle was pulled from another API). */
  onWarning?: (text: string) => void;
}

export interface SendReport {
  bundle: ImportedBundle;
  results: PayloadResult[];
  /** Every payload accepted now or before. */
  ok: boolean;
  /** Set when sent.json could not be written (the send itself is unaffected). */
  recordWarning?: string;
}

interface SentEntry {
  file: string;
  sha256: string;
  api: string;
  /** Absent for POST (records written before updates existed). */
  method?: 'PUT';
  task_id: string;
  at: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where each kind of payload goes (RSTUF API 1.0.x). */
function endpointFor(file: BundleFile): string | undefined {
  switch (file.kind) {
    case 'bootstrap':
      return ENDPOINTS.bootstrap;
    case 'update':
      return ENDPOINTS.metadata;
    case 'delegations':
      return ENDPOINTS.delegations;
    case 'sign-payload':
      return ENDPOINTS.metadataSign;
    default:
      return undefined;
  }
}

/** Posts every payload of the bundle and waits for RSTUF's verdict on each. */
export async function sendBundle(options: SendOptions): Promise<SendReport> {
  const { api } = options;
  const bundle = importBundleOrFile(options.bundlePath);
  const payloads = bundle.files.filter((f) => endpointFor(f) !== undefined);
  if (options.updateDelegations && !payloads.some((f) => f.kind === 'delegations')) {
    throw new SignerError('USAGE', `--update applies to delegations payloads (PUT ${ENDPOINTS.delegations}), and ${basename(bundle.path)} holds none; send it without --update`);
  }
  if (payloads.length === 0) {
    throw new SignerError(
      'BUNDLE_INVALID',
      bundle.purpose === 'sign-pending'
        ? `${bundle.manifest.files[0]?.name ?? 'the bundle'} holds metadata waiting for signatures but no signature yet; sign it offline first`
        : 'the bundle holds only TUF metadata, which RSTUF has no endpoint for; send a ceremony, update, delegations or sign payload',
    );
  }
  // The main payload (bootstrap/update) first: the sign payloads may depend on it.
  payloads.sort((a, b) => Number(a.kind === 'sign-payload') - Number(b.kind === 'sign-payload') || a.name.localeCompare(b.name));

  const apiId = api.base.href;
  const pulledFrom = bundle.manifest.source?.api;
  if (pulledFrom !== undefined && pulledFrom !== apiId) {
    options.onWarning?.(`this bundle was pulled from ${pulledFrom}, not from ${apiId}; RSTUF will refuse signatures over metadata it does not hold`);
  }
  for (const file of payloads.filter((f) => f.kind === 'delegations')) {
    for (const warning of delegationsPayloadWarnings(file)) options.onWarning?.(`${file.name}: ${warning.message}`);
  }
  const record = readRecord(bundle);
  const results: PayloadResult[] = [];
  let recordWarning: string | undefined;
  let pendingNow: JsonObject | undefined | null = null;

  for (const file of payloads) {
    const endpoint = endpointFor(file) as string;
    const method = file.kind === 'delegations' && options.updateDelegations ? 'PUT' : 'POST';
    const emit = (r: Omit<PayloadResult, 'file' | 'endpoint' | 'method'>): void => {
      const result: PayloadResult = { file: file.name, method, endpoint, ...r };
      results.push(result);
      options.onResult?.(result);
    };
    const previous = record.find((e) => e.file === file.name && e.sha256 === file.sha256 && e.api === apiId && (e.method ?? 'POST') === method);
    if (previous && !options.again) {
      emit({ outcome: 'already-accepted', taskId: previous.task_id, message: `already accepted by RSTUF on ${previous.at} (task ${previous.task_id}); not sent again` });
      continue;
    }
    if (file.kind === 'sign-payload' && !options.again) {
      if (pendingNow === null) pendingNow = await readPending(api);
      if (holdsSignature(pendingNow, file.doc.signPayload as RstufSignPayload)) {
        emit({ outcome: 'already-accepted', message: 'RSTUF already holds this signature in the pending metadata; not sent again' });
        continue;
      }
    }

    const answer = method === 'PUT' ? await api.put(endpoint, file.bytes) : await api.post(endpoint, file.bytes);
    const taskId = answer.status === 202 && isObject(answer.json) && isObject(answer.json.data) && typeof answer.json.data.task_id === 'string' ? answer.json.data.task_id : undefined;
    if (!taskId) {
      emit({ outcome: 'rejected', message: `RSTUF refused it: ${describeApiAnswer(answer)}` });
      continue;
    }
    const task = await waitForTask(api, taskId, { intervalMs: options.pollIntervalMs ?? 2000, timeoutMs: options.timeoutMs ?? 300_000 });
    if (!task.done) {
      emit({ outcome: 'timed-out', taskId, state: task.state, message: `task still ${task.state} after ${Math.round((options.timeoutMs ?? 300_000) / 1000)} s; check it later with GET ${ENDPOINTS.task}?task_id=${taskId}` });
      continue;
    }
    const said = describeTaskResult(task.result);
    if (!task.ok) {
      emit({ outcome: 'failed', taskId, state: task.state, message: `RSTUF did not accept it (${task.state}): ${said}` });
      continue;
    }
    emit({ outcome: 'accepted', taskId, state: task.state, message: said });
    record.push({ file: file.name, sha256: file.sha256, api: apiId, ...(method === 'PUT' ? { method } : {}), task_id: taskId, at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    recordWarning = writeRecord(bundle, record) ?? recordWarning;
    pendingNow = null;
  }
  return { bundle, results, ok: results.every((r) => r.outcome === 'accepted' || r.outcome === 'already-accepted'), ...(recordWarning ? { recordWarning } : {}) };
}

async function readPending(api: RstufApiClient): Promise<JsonObject | undefined> {
  const answer = await api.get(ENDPOINTS.metadataSign);
  if (answer.status !== 200 || !isObject(answer.json) || !isObject(answer.json.data) || !isObject(answer.json.data.metadata)) return undefined;
  return answer.json.data.metadata;
}

function holdsSignature(pending: JsonObject | undefined, payload: RstufSignPayload): boolean {
  const md = pending?.[payload.role];
  if (!isObject(md) || !Array.isArray(md.signatures)) return false;
  return (md.signatures as unknown as TufSignature[]).some((s) => isObject(s) && s.keyid === payload.signature.keyid && s.sig === payload.signature.sig);
}

function readRecord(bundle: ImportedBundle): SentEntry[] {
  if (!bundle.isFolder) return [];
  try {
    const json: unknown = JSON.parse(readFileSync(join(bundle.path, SENT_RECORD_NAME), 'utf8'));
    if (!isObject(json) || !Array.isArray(json.accepted)) return [];
    return json.accepted.filter(
      (e): e is SentEntry & JsonObject => isObject(e) && typeof e.file === 'string' && typeof e.sha256 === 'string' && typeof e.api === 'string' && typeof e.task_id === 'string' && typeof e.at === 'string',
    );
  } catch {
    return [];
  }
}

function writeRecord(bundle: ImportedBundle, record: SentEntry[]): string | undefined {
  if (!bundle.isFolder) return undefined;
  try {
    writeFileAtomic(join(bundle.path, SENT_RECORD_NAME), `${JSON.stringify({ format: 'rstuf-signer-sent', accepted: record }, null, 2)}\n`, { overwrite: true });
    return undefined;
  } catch (error) {
    return `could not record the accepted payloads in ${SENT_RECORD_NAME} (${(error as Error).message}); a later send will ask RSTUF again`;
  }
}
