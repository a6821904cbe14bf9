// The courier's HTTP client for RSTUF API 1.0.x (the only networked code in the project; the
// desktop app never loads it). It talks only to the --api URL given: redirects to any other
// origin are refused, and nothing else is ever contacted.

import { SignerError } from '../../shared/errors.js';
import { JsonInputError, parseStrictJson, type JsonObject, type JsonValue } from '../../shared/json/strict-json.js';

export const RSTUF_API_VERSION = '1.0.x';

/** RSTUF API paths (with RSTUF's trailing slashes, as in its swagger.json). */
export const ENDPOINTS = {
  bootstrap: '/api/v1/bootstrap/',
  metadata: '/api/v1/metadata/',
  metadataSign: '/api/v1/metadata/sign',
  delegations: '/api/v1/delegations/',
  task: '/api/v1/task/',
} as const;

export interface ApiResponse {
  status: number;
  bytes: Uint8Array;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: JsonValue | undefined;
}

export interface ApiClientOptions {
  headers?: Record<string, string>;
  /**
   * Names of headers to treat as credentials whatever their name (everything from --header-file
   * and RSTUF_API_HEADERS). Headers with a credential-like name (Authorization, Cookie, X-Api-Key,
   * ...) count as credentials anyway.
   */
  credentialHeaders?: string[];
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Override the response caps (tests). */
  maxResponseBytes?: { sign?: number; other?: number };
}

const MAX_REDIRECTS = 3;

const MiB = 1024 * 1024;
/**
 * Largest answer read from GET /api/v1/metadata/sign: 64 MiB. That holds a pending role with
 * 100,000 artifacts (~24 MB) with room to spare; a bigger answer is refused, never read whole.
 */
export const MAX_SIGN_RESPONSE_BYTES = 64 * MiB;
/** Largest answer read from every other call (bootstrap state, task state, 202 answers): 1 MiB. */
export const MAX_OTHER_RESPONSE_BYTES = 1 * MiB;

export function formatBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB` : n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${n} bytes`;
}

/** Header names that carry credentials, whatever the source. */
const CREDENTIAL_NAME = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token|x-access-token)$|auth|token|secret|passw|session|cookie|api-?key|bearer/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** 127.0.0.0/8, ::1 (and ::ffff:127.x), localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null && (parseInt(mapped[1]!, 16) >> 8) === 127;
}

export class RstufApiClient {
  readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(apiUrl: string, options: ApiClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch {
      throw new SignerError('USAGE', `--api ${apiUrl} is not a URL; give the RSTUF API address, e.g. https://rstuf.example.org`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SignerError('USAGE', `--api must be an http:// or https:// URL, not ${url.protocol}`);
    if (url.username || url.password) throw new SignerError('USAGE', '--api must not carry a user name or password; pass credentials with --header-file FILE (lines "Authorization: ...")');
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
    this.headers = options.headers ?? {};
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxSign = options.maxResponseBytes?.sign ?? MAX_SIGN_RESPONSE_BYTES;
    this.maxOther = options.maxResponseBytes?.other ?? MAX_OTHER_RESPONSE_BYTES;
    // Checked here, before any connection: a credential over plain http:// crosses the network in
    // clear text, readable and replayable by anyone on the path.
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      const forced = new Set((options.credentialHeaders ?? []).map((n) => n.toLowerCase()));
      const credentials = Object.keys(this.headers).filter((n) => forced.has(n.toLowerCase()) || isCredentialHeader(n));
      if (credentials.length > 0) {
        throw new SignerError(
          'USAGE',
          `refusing to send ${credentials.join(', ')} over http:// to ${url.host}: plain HTTP would carry the credential in clear text, readable and replayable by anyone on the network path. ` +
            'Use an https:// --api URL, or http:// only to a loopback address (127.0.0.1, ::1, localhost), e.g. through an SSH tunnel. Nothing was sent',
        );
      }
    }
  }

  private readonly maxSign: number;
  private readonly maxOther: number;

  /** Absolute URL of an API path, under the --api URL (which may carry a reverse-proxy prefix). */
  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.base);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
  }

  get(path: string, query?: Record<string, string>): Promise<ApiResponse> {
    return this.request('GET', this.url(path, query));
  }

  post(path: string, body: Uint8Array): Promise<ApiResponse> {
    return this.request('POST', this.url(path), body);
  }

  put(path: string, body: Uint8Array): Promise<ApiResponse> {
    return this.request('PUT', this.url(path), body);
  }

  private async request(method: string, url: URL, body?: Uint8Array): Promise<ApiResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await fetch(current, {
          method,
          headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...this.headers },
          // A copy backed by a plain ArrayBuffer, which is what fetch's BodyInit type takes.
          ...(body ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
        throw new SignerError('NETWORK_ERROR', `cannot reach the RSTUF API at ${this.base.origin} (${method} ${current.pathname}): ${why}`, { cause: error });
      }
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        const next = new URL(response.headers.get('location') as string, current);
        if (next.origin !== this.base.origin) {
          throw new SignerError('API_ERROR', `${method} ${current.pathname} was redirected to ${next.origin}, another server than --api ${this.base.origin}; the courier only talks to the --api server. Give that address with --api if it is right`);
        }
        if (hop >= MAX_REDIRECTS) throw new SignerError('API_ERROR', `${method} ${current.pathname}: too many redirects`);
        current = next;
        continue;
      }
      const cap = method === 'GET' && url.pathname === this.url(ENDPOINTS.metadataSign).pathname ? this.maxSign : this.maxOther;
      const bytes = await this.readCapped(response, method, current, cap);
      return { status: response.status, bytes, json: parseBody(bytes) };
    }
  }

  /**
   * Reads a body of at most `cap` bytes: a Content-Length above it is refused before reading, and
   * the stream is cancelled as soon as more arrives (so memory stays bounded by the cap).
   */
  private async readCapped(response: Response, method: string, url: URL, cap: number): Promise<Uint8Array> {
    const tooLarge = (said: string, done: string): SignerError =>
      new SignerError('API_ERROR', `${method} ${url.href}: the answer is ${said}, over the courier's cap of ${formatBytes(cap)} for this call; ${done}. Check that --api is the RSTUF API`);
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > cap) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(`${declared.trim()} bytes (Content-Length)`, 'it was not read');
    }
    if (!response.body) return new Uint8Array(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > cap) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(`more than ${cap} bytes`, 'reading stopped there and nothing was kept');
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof SignerError) throw error;
      const why = (error as Error).name === 'TimeoutError' ? `no complete answer within ${this.timeoutMs / 1000} s` : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      throw new SignerError('NETWORK_ERROR', `reading the answer to ${method} ${url.href} failed: ${why}`, { cause: error });
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  }
}

function parseBody(bytes: Uint8Array): JsonValue | undefined {
  try {
    return parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    if (error instanceof JsonInputError || error instanceof TypeError) return undefined;
    throw error;
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** -H 'Name: value' arguments as a header record (like RSTUF's CLI -H). */
export function parseHeaderArgs(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of values) {
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new SignerError('USAGE', `-H "${raw.split(':')[0]}: ..." is not a header; write -H 'Name: value'`);
    headers[name] = raw.slice(colon + 1).trim();
  }
  return headers;
}

/** One sentence from RSTUF's error body: 404 {"detail": {"message", "error"}}, 422 {"detail": [{loc, msg}]}. */
export function describeApiAnswer(response: ApiResponse): string {
  const json = response.json;
  if (!isObject(json)) {
    const text = new TextDecoder().decode(response.bytes.subarray(0, 200)).trim();
    return `HTTP ${response.status}${text ? `: ${text}` : ''}`;
  }
  const detail = json.detail;
  if (Array.isArray(detail)) {
    const parts = detail.map((d) => (isObject(d) ? `${Array.isArray(d.loc) ? d.loc.join('.') : '?'}: ${String(d.msg ?? '')}` : String(d)));
    return `HTTP ${response.status} validation error: ${parts.join('; ')}`;
  }
  if (isObject(detail)) {
    const parts = [detail.message, detail.error].filter((p): p is string => typeof p === 'string');
    return `HTTP ${response.status}: ${parts.join(' ') || JSON.stringify(detail)}`;
  }
  if (typeof detail === 'string') return `HTTP ${response.status}: ${detail}`;
  if (typeof json.message === 'string') return `HTTP ${response.status}: ${json.message}`;
  return `HTTP ${response.status}`;
}

// ---------------------------------------------------------------------------------------------
// Tasks

export type TaskOutcome = { done: true; ok: boolean; state: string; result: JsonObject | undefined } | { done: false; state: string };

const RUNNING_STATES = new Set(['PENDING', 'RECEIVED', 'STARTED', 'RUNNING', 'PRE_RUN', 'RETRY']);

/** Reads one GET /api/v1/task/ answer. SUCCESS counts only with result.status true (as RSTUF's CLI does). */
export function readTaskState(response: ApiResponse): TaskOutcome {
  const json = response.json;
  if (response.status !== 200 || !isObject(json) || !isObject(json.data) || typeof json.data.state !== 'string') {
    throw new SignerError('API_ERROR', `RSTUF answered the task query unexpectedly (${describeApiAnswer(response)})`);
  }
  const state = json.data.state;
  const result = isObject(json.data.result) ? json.data.result : undefined;
  if (RUNNING_STATES.has(state)) return { done: false, state };
  return { done: true, ok: state === 'SUCCESS' && result?.status === true, state, result };
}

export interface WaitOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** Polls GET /api/v1/task/?task_id= until the task ends (SUCCESS / FAILURE / ERRORED / ...). */
export async function waitForTask(api: RstufApiClient, taskId: string, options: WaitOptions): Promise<TaskOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const outcome = readTaskState(await api.get(ENDPOINTS.task, { task_id: taskId }));
    if (outcome.done || Date.now() >= deadline) return outcome;
    await new Promise((r) => setTimeout(r, options.intervalMs));
  }
}

/** "Bootstrap Finished" / "Signature Failed: Invalid signature" from a task result. */
export function describeTaskResult(result: JsonObject | undefined): string {
  if (!result) return 'no result';
  const parts: string[] = [];
  if (typeof result.message === 'string') parts.push(result.message);
  if (typeof result.error === 'string') parts.push(result.error);
  if (isObject(result.details)) {
    for (const [k, v] of Object.entries(result.details)) parts.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.join('; ') || 'no message';
}
