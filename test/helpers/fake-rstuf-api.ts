// An RSTUF API 1.0.x stand-in on 127.0.0.1 for the courier tests: the endpoints, answers and
// errors of api:docs/swagger.json and rstuf-formats.md §0-1.4 (202 + task id, task polling
// PENDING -> STARTED -> SUCCESS/FAILURE/ERRORED, 404 "No signing pending.", 422 validation
// errors, FastAPI's trailing-slash redirects), with the worker's rules applied for real: every
// posted signature is verified with the engine, thresholds decide when signing completes.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statusAgainst, type Authorizer } from '../../main/core/tuf/authorization.js';

type Json = any;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body?: Json;
}

interface Task {
  name: string;
  polls: number;
  state: 'SUCCESS' | 'ERRORED' | 'FAILURE';
  result: Json;
}

export interface FakeRstufOptions {
  /** Answer 401 unless these headers are present (a reverse proxy in front of RSTUF). */
  requireHeaders?: Record<string, string>;
  /** How many polls a task stays PENDING/STARTED before its final state. */
  pollsBeforeDone?: number;
}

export class FakeRstufApi {
  readonly requests: RecordedRequest[] = [];
  bootstrap: null | 'pre' | 'signing' | 'finished' = null;
  bootstrapTask: string | undefined;
  trustedRoot: Json | undefined;
  trustedTargets: Json | undefined;
  /** `<ROLE>_SIGNING` settings, keyed by the role name as GET /metadata/sign returns it. */
  readonly signing = new Map<string, Json>();
  readonly tasks = new Map<string, Task>();
  /** Make the next task end in a Celery FAILURE (an unexpected worker crash). */
  failNextTask = false;
  url = '';
  private server: Server | undefined;

  constructor(private readonly options: FakeRstufOptions = {}) {}

  static async start(options: FakeRstufOptions = {}): Promise<FakeRstufApi> {
    const api = new FakeRstufApi(options);
    api.server = createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => api.server!.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    return api;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** State after a finished bootstrap with `root` as the trusted root. */
  seedFinished(root: Json, targets?: Json): void {
    this.bootstrap = 'finished';
    this.bootstrapTask = newTaskId();
    this.trustedRoot = root;
    this.trustedTargets = targets;
  }

  posts(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === path);
  }

  // -------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });
    let body: Json;
    let bodyError = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        bodyError = true;
      }
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, ...(body !== undefined ? { body } : {}) });
    const send = (status: number, json: Json, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    for (const [name, value] of Object.entries(this.options.requireHeaders ?? {})) {
      if (req.headers[name.toLowerCase()] !== value) return send(401, { detail: 'Unauthorized' });
    }
    const route = `${req.method} ${url.pathname}`;
    const routes: Record<string, () => void> = {
      'GET /api/v1/bootstrap/': () => send(200, this.bootstrapState()),
      'POST /api/v1/bootstrap/': () => this.postBootstrap(body, send),
      'POST /api/v1/metadata/': () => this.postMetadata(body, send),
      'GET /api/v1/metadata/sign': () => this.getSign(send),
      'POST /api/v1/metadata/sign': () => this.postSign(body, send),
      'POST /api/v1/delegations/': () => this.postDelegations(body, send),
      'PUT /api/v1/delegations/': () => this.putDelegations(body, send),
      'GET /api/v1/task/': () => this.getTask(url.searchParams.get('task_id'), send),
    };
    const handler = routes[route];
    if (!handler) {
      // FastAPI's redirect_slashes: the same path with or without the trailing slash.
      const other = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : `${url.pathname}/`;
      if (routes[`${req.method} ${other}`]) return send(307, null, { location: `${other}${url.search}` });
      return send(404, { detail: 'Not Found' });
    }
    if (bodyError) return send(422, { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }] });
    handler();
  }

  private bootstrapState(): Json {
    const free = this.bootstrap === null;
    return {
      data: { bootstrap: this.bootstrap === 'finished', state: this.bootstrap, id: this.bootstrapTask ?? null },
      message: free ? 'System available for bootstrap.' : 'System LOCKED for bootstrap.',
    };
  }

  private accept(name: string, message: string, send: (s: number, j: Json) => void, work: () => { ok: boolean; message: string; error?: string; details?: Json }): void {
    const id = newTaskId();
    const outcome = work();
    const failure = this.failNextTask;
    this.failNextTask = false;
    this.tasks.set(id, {
      name,
      polls: 0,
      state: failure ? 'FAILURE' : outcome.ok ? 'SUCCESS' : 'ERRORED',
      result: failure
        ? { task: name, status: false, last_update: new Date().toISOString(), message: null, error: 'worker lost', details: null }
        : { task: name, status: outcome.ok, last_update: new Date().toISOString(), message: outcome.message, error: outcome.error ?? null, details: outcome.details ?? null },
    });
    send(202, { data: { task_id: id, last_update: new Date().toISOString() }, message });
  }

  private postBootstrap(body: Json, send: (s: number, j: Json) => void): void {
    const missing = ['settings', 'metadata'].filter((k) => !body || typeof body !== 'object' || !(k in body));
    if (missing.length) return send(422, { detail: missing.map((k) => ({ type: 'missing', loc: ['body', k], msg: 'Field required', input: body ?? null })) });
    if (this.bootstrap !== null) return send(404, { detail: { error: `System already has a Metadata. State: ${this.bootstrap}` } });
    this.accept('bootstrap', 'Bootstrap accepted.', send, () => {
      const root = body.metadata?.root;
      if (!root?.signed || root.signed._type !== 'root') return { ok: false, message: 'Bootstrap Failed', error: 'Invalid root metadata' };
      if (!root.signatures?.length) return { ok: false, message: 'Bootstrap Failed', error: 'Metadata requires at least one valid signature' };
      const status = statusAgainst('root', root, [rootAuthorizer(root)]);
      if (status.signatures.some((s) => s.state !== 'valid')) return { ok: false, message: 'Bootstrap Failed', error: 'Bootstrap has invalid signature(s)' };
      this.bootstrapTask = newTaskId();
      if (status.met) {
        this.bootstrap = 'finished';
        this.trustedRoot = root;
        return { ok: true, message: 'Bootstrap Processed', details: { bootstrap: 'Bootstrap Finished' } };
      }
      this.bootstrap = 'signing';
      this.signing.set('root', root);
      return { ok: true, message: 'Bootstrap Processed', details: { bootstrap: 'Root v1 is pending signature' } };
    });
  }

  private postMetadata(body: Json, send: (s: number, j: Json) => void): void {
    if (!body || typeof body.metadata !== 'object') return send(422, { detail: [{ type: 'missing', loc: ['body', 'metadata'], msg: 'Field required', input: body ?? null }] });
    const extra = Object.keys(body.metadata).filter((k) => k !== 'root');
    if (extra.length) return send(422, { detail: extra.map((k) => ({ type: 'literal_error', loc: ['body', 'metadata', k, '[key]'], msg: "Input should be 'root'", input: k })) });
    if (this.bootstrap !== 'finished') return send(404, { detail: { message: 'Task not accepted.', error: `It requires bootstrap finished. State: ${this.bootstrap}` } });
    this.accept('metadata_update', 'Metadata update accepted.', send, () => {
      const root = body.metadata.root;
      const trusted = this.trustedRoot;
      if (root.signed.version !== trusted.signed.version + 1) {
        return { ok: false, message: 'Metadata Update Failed', error: `Failed to verify the trust: Expected root version ${trusted.signed.version + 1} instead got version ${root.signed.version}` };
      }
      const status = statusAgainst('root', root, [rootAuthorizer(trusted), rootAuthorizer(root)]);
      if (status.met) {
        this.trustedRoot = root;
        return { ok: true, message: 'Metadata Update Processed', details: { role: 'root' } };
      }
      this.signing.set('root', root);
      return { ok: true, message: 'Metadata Update Processed', details: { role: 'root', update: `Root v${root.signed.version} is pending signatures` } };
    });
  }

  private getSign(send: (s: number, j: Json) => void): void {
    if (this.bootstrap !== 'finished' && this.bootstrap !== 'signing') {
      return send(404, { detail: { message: 'No signing pending.', error: `Requires bootstrap finished or in signing state. State: ${this.bootstrap}` } });
    }
    if (this.signing.size === 0) return send(200, { message: 'No metadata pending signing available' });
    const metadata: Json = Object.fromEntries(this.signing);
    if (this.signing.has('root') && this.trustedRoot) metadata.trusted_root = this.trustedRoot;
    if ([...this.signing.values()].some((m) => m.signed._type === 'targets') && this.trustedTargets) metadata.trusted_targets = this.trustedTargets;
    send(200, { data: { metadata }, message: 'Metadata role(s) pending signing' });
  }

  private postSign(body: Json, send: (s: number, j: Json) => void): void {
    const problems: Json[] = [];
    if (typeof body?.role !== 'string') problems.push({ type: 'missing', loc: ['body', 'role'], msg: 'Field required', input: body ?? null });
    if (typeof body?.signature !== 'object' || body.signature === null) problems.push({ type: 'missing', loc: ['body', 'signature'], msg: 'Field required', input: body ?? null });
    else for (const k of ['keyid', 'sig']) if (typeof body.signature[k] !== 'string') problems.push({ type: 'string_type', loc: ['body', 'signature', k], msg: 'Input should be a valid string', input: body.signature[k] ?? null });
    if (problems.length) return send(422, { detail: problems });
    if (this.bootstrap !== 'finished' && this.bootstrap !== 'signing') {
      return send(404, { detail: { message: 'No signing pending.', error: `Requires bootstrap in signing state. State: ${this.bootstrap}` } });
    }
    this.accept('sign_metadata', 'Metadata sign accepted.', send, () => this.signMetadata(body.role, body.signature));
  }

  /** worker:repository.py sign_metadata, as rstuf-formats.md §1.2 describes it. */
  private signMetadata(role: string, signature: Json): { ok: boolean; message: string; error?: string; details?: Json } {
    const pending = this.signing.get(role);
    if (!pending) return { ok: false, message: 'Signature Failed', error: `No signatures pending for ${role}` };
    let authorizers: Authorizer[];
    if (pending.signed._type === 'root') {
      authorizers = this.bootstrap === 'signing' ? [rootAuthorizer(pending)] : [rootAuthorizer(this.trustedRoot), rootAuthorizer(pending)];
    } else {
      // The worker looks the delegated role up by the (lower-cased) name it was given.
      const delegation = this.trustedTargets?.signed.delegations?.roles?.find((r: Json) => r.name === role);
      if (!delegation) return { ok: false, message: 'Signature Failed', error: `Role ${role} not found in targets delegations` };
      authorizers = [{ label: role, keys: this.trustedTargets.signed.delegations.keys, role: delegation }];
    }
    const single = statusAgainst(role, { ...pending, signatures: [signature] }, authorizers);
    if (single.signatures[0]?.state !== 'valid') return { ok: false, message: 'Signature Failed', error: 'Invalid signature' };
    const signed = { ...pending, signatures: [...pending.signatures.filter((s: Json) => s.keyid !== signature.keyid), signature] };
    const status = statusAgainst(role, signed, authorizers);
    if (!status.met) {
      this.signing.set(role, signed);
      return { ok: true, message: 'Signature Processed', details: { [pending.signed._type === 'root' ? 'update' : 'role']: `${role === 'root' ? 'Root' : role} v${pending.signed.version} is pending signatures` } };
    }
    this.signing.delete(role);
    if (pending.signed._type !== 'root') return { ok: true, message: 'Signature Processed', details: { role: `Role ${role} signing complete` } };
    this.trustedRoot = signed;
    if (this.bootstrap === 'signing') {
      this.bootstrap = 'finished';
      return { ok: true, message: 'Signature Processed', details: { bootstrap: 'Bootstrap Finished' } };
    }
    return { ok: true, message: 'Signature Processed', details: { update: 'Metadata update finished' } };
  }

  private postDelegations(body: Json, send: (s: number, j: Json) => void): void {
    if (!body || typeof body.delegations !== 'object') return send(422, { detail: [{ type: 'missing', loc: ['body', 'delegations'], msg: 'Field required', input: body ?? null }] });
    if (this.bootstrap !== 'finished') return send(200, { detail: { message: 'Task not accepted.', error: `Requires bootstrap finished. State: ${this.bootstrap}` } });
    this.accept('metadata_delegation', 'Metadata delegation add accepted.', send, () => {
      const targets = this.trustedTargets ?? { signed: { _type: 'targets', spec_version: '1.0.31', version: 1, expires: '2030-01-01T00:00:00Z', targets: {}, delegations: { keys: {}, roles: [] } }, signatures: [] };
      const delegations = targets.signed.delegations;
      const failed: string[] = [];
      for (const role of body.delegations.roles ?? []) {
        if (delegations.roles.some((r: Json) => r.name === role.name)) {
          failed.push(role.name);
          continue;
        }
        delegations.roles.push(role);
        for (const id of role.keyids) if (body.delegations.keys[id]) delegations.keys[id] = body.delegations.keys[id];
        if (role.keyids.length > 0) {
          // RSTUF stores <NAME>_SIGNING and GET /metadata/sign returns split("_")[0].lower().
          const served = role.name.toUpperCase().split('_')[0].toLowerCase();
          this.signing.set(served, { signed: { _type: 'targets', spec_version: '1.0.31', version: 1, expires: '2030-01-01T00:00:00Z', targets: {} }, signatures: [] });
        }
      }
      this.trustedTargets = targets;
      if (failed.length) return { ok: false, message: 'Metadata Delegation Failed', error: `Roles already exist: ${failed.join(', ')}` };
      return { ok: true, message: 'Metadata Delegation Processed', details: { delegated_roles: (body.delegations.roles ?? []).map((r: Json) => r.name) } };
    });
  }

  /** RSTUF's update: every role named must already be delegated; its entry is replaced. */
  private putDelegations(body: Json, send: (s: number, j: Json) => void): void {
    if (!body || typeof body.delegations !== 'object') return send(422, { detail: [{ type: 'missing', loc: ['body', 'delegations'], msg: 'Field required', input: body ?? null }] });
    if (this.bootstrap !== 'finished') return send(200, { detail: { message: 'Task not accepted.', error: `Requires bootstrap finished. State: ${this.bootstrap}` } });
    this.accept('metadata_delegation', 'Metadata delegation update accepted.', send, () => {
      const delegations = this.trustedTargets?.signed.delegations ?? { keys: {}, roles: [] };
      const unknown: string[] = [];
      for (const role of body.delegations.roles ?? []) {
        const at = delegations.roles.findIndex((r: Json) => r.name === role.name);
        if (at < 0) {
          unknown.push(role.name);
          continue;
        }
        delegations.roles[at] = role;
        for (const id of role.keyids) if (body.delegations.keys[id]) delegations.keys[id] = body.delegations.keys[id];
      }
      if (unknown.length) return { ok: false, message: 'Metadata Delegation Failed', error: `Roles not found: ${unknown.join(', ')}` };
      return { ok: true, message: 'Metadata Delegation Processed', details: { delegated_roles: (body.delegations.roles ?? []).map((r: Json) => r.name) } };
    });
  }

  private getTask(id: string | null, send: (s: number, j: Json) => void): void {
    if (!id) return send(422, { detail: [{ type: 'missing', loc: ['query', 'task_id'], msg: 'Field required', input: null }] });
    const task = this.tasks.get(id);
    // Celery reports unknown task ids as PENDING.
    if (!task) return send(200, { data: { task_id: id, state: 'PENDING', result: null }, message: 'Task state.' });
    const before = this.options.pollsBeforeDone ?? 2;
    task.polls++;
    if (task.polls <= before) return send(200, { data: { task_id: id, state: task.polls === 1 ? 'PENDING' : 'STARTED', result: null }, message: 'Task state.' });
    send(200, { data: { task_id: id, state: task.state, result: task.result }, message: 'Task state.' });
  }
}

function rootAuthorizer(root: Json): Authorizer {
  return { label: `root v${root.signed.version}`, keys: root.signed.keys, role: root.signed.roles.root };
}

function newTaskId(): string {
  return randomBytes(16).toString('hex');
}
