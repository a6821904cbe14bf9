// The courier against hostile servers and with credentials (issue 13, items 4 and 6): answers are
// read with a cap (Content-Length checked first, bytes counted while streaming), credentials come
// from --header-file / RSTUF_API_HEADERS, -H with a credential warns, and credentials over plain
// http:// to anything but loopback are refused before any connection.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, MAX_SIGN_RESPONSE_BYTES, RstufApiClient } from '../../main/courier/rstuf-api.js';
import { FakeRstufApi } from '../helpers/fake-rstuf-api.js';
import { runSignerAsync } from '../helpers/exchange-cli.js';
import { fixtureKeyId } from '../helpers/exchange-fixtures.js';
import { cliFixture, readFixtureJson, REPO_ROOT } from '../helpers/fixtures.js';
import type { CliResult } from '../helpers/cli.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let work: string;

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'rstuf-courier-hard-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const GiB = 1024 * 1024 * 1024;

/** A hostile "RSTUF API" on 127.0.0.1. */
async function hostileServer(answer: (path: string, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => answer(new URL(req.url ?? '/', 'http://x').pathname, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Writes `total` bytes in 1 MiB chunks generated from one reused buffer: never held in memory. */
function streamLazily(res: ServerResponse, total: number, sent: { bytes: number }): void {
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length
  res.write('{"data":{"metadata":{"root":"');
  let stopped = false;
  res.on('close', () => (stopped = true));
  const pump = (): void => {
    while (!stopped && sent.bytes < total) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!stopped) res.end('"}}}');
  };
  pump();
}

const bootstrapAnswer = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data: { bootstrap: true, state: 'finished', id: 'x' }, message: 'System LOCKED for bootstrap.' }));
};

/** The CLI under /usr/bin/time -v (when there is one), for its peak RSS. */
function runMeasured(args: string[]): Promise<CliResult & { maxRssKiB: number | undefined }> {
  const timed = existsSync('/usr/bin/time');
  const bin = join(REPO_ROOT, 'bin/rstuf-signer.js');
  const child = timed ? spawn('/usr/bin/time', ['-v', process.execPath, bin, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, [bin, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      // time -v reports the command's own status as "Exit status: N".
      const status = /Exit status: (\d+)/.exec(stderr);
      resolve({ code: status ? Number(status[1]) : (code ?? -1), stdout, stderr, maxRssKiB: rss ? Number(rss[1]) : undefined });
    });
  });
}

describe('answers are read with a cap', () => {
  it('pull against a server streaming 1 GiB (no Content-Length): exit 1, a clear error naming the URL and the cap, bounded memory, nothing written', async () => {
    const sent = { bytes: 0 };
    const hostile = await hostileServer((path, res) => (path === '/api/v1/bootstrap/' ? bootstrapAnswer(res) : streamLazily(res, GiB, sent)));
    try {
      const out = join(work, 'pulled');
      const r = await runMeasured(['pull', '--api', hostile.url, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`GET ${hostile.url}/api/v1/metadata/sign: the answer is more than ${MAX_SIGN_RESPONSE_BYTES} bytes, over the courier's cap of 64 MiB for this call; reading stopped there and nothing was kept`);
      expect(r.stderr).not.toMatch(/Invalid string length|heap out of memory|RangeError/);
      expect(existsSync(out)).toBe(false);
      // The server could not push the whole GiB: the courier hung up soon after the cap.
      expect(sent.bytes).toBeLessThan(GiB);
      // Peak memory: Node itself plus at most the 64 MiB cap, far from the 1 GiB (or 3 GB) answer.
      if (r.maxRssKiB !== undefined) expect(r.maxRssKiB * 1024).toBeLessThan(MAX_SIGN_RESPONSE_BYTES + 320 * 1024 * 1024);
    } finally {
      await closeServer(hostile.server);
    }
  }, 120_000);

  it('a Content-Length over the cap is refused before the body is read', async () => {
    let bodyWritten = false;
    const hostile = await hostileServer((path, res) => {
      if (path === '/api/v1/bootstrap/') return bootstrapAnswer(res);
      // Declares 1 GiB, sends the headers and a few bytes, then stalls: only a check of the
      // header (not a read to the end or to the cap) ends this quickly.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GiB) });
      res.write('{"data":', () => (bodyWritten = true));
    });
    try {
      const out = join(work, 'pulled');
      const r = await runSignerAsync(['pull', '--api', hostile.url, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`GET ${hostile.url}/api/v1/metadata/sign: the answer is ${GiB} bytes (Content-Length), over the courier's cap of 64 MiB for this call; it was not read`);
      expect(bodyWritten).toBe(true);
      expect(existsSync(out)).toBe(false);
    } finally {
      await closeServer(hostile.server);
    }
  }, 60_000);

  it('other calls (bootstrap state, tasks) have a 1 MiB cap', async () => {
    const hostile = await hostileServer((_path, res) => streamLazily(res, 8 * 1024 * 1024, { bytes: 0 }));
    try {
      const r = await runSignerAsync(['pull', '--api', hostile.url, '--out', join(work, 'pulled')]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`GET ${hostile.url}/api/v1/bootstrap/: the answer is more than 1048576 bytes, over the courier's cap of 1 MiB for this call; reading stopped there`);
    } finally {
      await closeServer(hostile.server);
    }
  }, 60_000);

  it('an answer at the cap is read whole', async () => {
    const hostile = await hostileServer((_path, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pad: 'x'.repeat(1000 - 10) }));
    });
    try {
      const client = new RstufApiClient(hostile.url, { maxResponseBytes: { other: 1000 } });
      const answer = await client.get('/api/v1/bootstrap/');
      expect(answer.bytes.length).toBe(1000);
      const smaller = new RstufApiClient(hostile.url, { maxResponseBytes: { other: 999 } });
      await expect(smaller.get('/api/v1/bootstrap/')).rejects.toMatchObject({ code: 'API_ERROR', message: expect.stringContaining('cap of 999 bytes') });
    } finally {
      await closeServer(hostile.server);
    }
  });
});

describe('credentials', () => {
  let api: FakeRstufApi;
  beforeEach(async () => {
    api = await FakeRstufApi.start({ requireHeaders: { Authorization: 'Bearer s3cret', 'X-Proxy-Tenant': 'blue' } });
    const fixture = readFixtureJson(cliFixture('sign_pending_roles.json')).data.metadata;
    api.seedFinished(fixture.trusted_root);
    api.signing.set('root', { ...fixture.root, signatures: fixture.root.signatures.filter((s: any) => s.keyid === fixtureKeyId('JC.rsa')) });
  });
  afterEach(() => api.close());

  const headerFile = (mode: number): string => {
    const file = join(work, 'headers.txt');
    writeFileSync(file, '# proxy credentials\n\nAuthorization: Bearer s3cret\n  # tenant\nX-Proxy-Tenant:   blue\n');
    chmodSync(file, mode);
    return file;
  };

  it('--header-file sends its headers (comments and blank lines skipped), without a warning at mode 600', async () => {
    const out = join(work, 'pulled');
    const r = await runSignerAsync(['pull', '--api', api.url, '--header-file', headerFile(0o600), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'metadata-sign.json')).length).toBeGreaterThan(0);
    expect(api.requests.length).toBeGreaterThan(0);
    expect(api.requests.every((q) => q.headers.authorization === 'Bearer s3cret' && q.headers['x-proxy-tenant'] === 'blue')).toBe(true);
  });

  it('a header file others can read works but warns, naming the file and the fix', async () => {
    const file = headerFile(0o644);
    const r = await runSignerAsync(['pull', '--api', api.url, '--header-file', file, '--out', join(work, 'pulled')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: --header-file ${file} can be read by every user on this machine (mode 0644); it holds credentials: chmod 600 ${file}`);
  });

  it('RSTUF_API_HEADERS sends its headers; -H adds to them', async () => {
    const r = await runSignerAsync(['pull', '--api', api.url, '-H', 'X-Proxy-Tenant: blue', '--out', join(work, 'pulled')], { RSTUF_API_HEADERS: 'Authorization: Bearer s3cret' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(api.requests.every((q) => q.headers.authorization === 'Bearer s3cret')).toBe(true);
  });

  it('-H with a credential works but warns that the process list shows it, and suggests --header-file', async () => {
    const r = await runSignerAsync(['pull', '--api', api.url, '-H', 'Authorization: Bearer s3cret', '-H', 'X-Proxy-Tenant: blue', '--out', join(work, 'pulled')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: -H Authorization puts the credential on the command line, where every user of this machine can read it (ps, /proc/PID/cmdline)');
    expect(r.stderr).toContain('use --header-file FILE');
    expect(r.stderr).not.toContain('s3cret');
  });

  it('a malformed header-file line is a usage error that does not echo the line', async () => {
    const file = join(work, 'bad.txt');
    writeFileSync(file, 'Bearer s3cret-without-a-name\n', { mode: 0o600 });
    const r = await runSignerAsync(['pull', '--api', api.url, '--header-file', file, '--out', join(work, 'pulled')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--header-file ${file} line 1 is not a header`);
    expect(r.stderr).not.toContain('s3cret');
    expect(api.requests).toHaveLength(0);
  });
});

describe('credentials over plain http://', () => {
  // 192.0.2.1 is TEST-NET-1. The refusal happens in the client's constructor, before any request;
  // the CLI also runs under net-guard, which logs and blocks any connection attempt, so nothing can
  // leave the machine even if the refusal were missing.
  const guarded = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { attempts: string }> => {
    const log = join(work, 'net.log');
    writeFileSync(log, '');
    const r = await runSignerAsync(args, { NODE_OPTIONS: `--require ${join(REPO_ROOT, 'test/helpers/net-guard.cjs')}`, RSTUF_NET_GUARD_LOG: log, ...env });
    return { ...r, attempts: readFileSync(log, 'utf8') };
  };
  const REFUSAL = /refusing to send .* over http:\/\/ to 192\.0\.2\.1(:\d+)?: plain HTTP would carry the credential in clear text.*Use an https:\/\/ --api URL, or http:\/\/ only to a loopback address \(127\.0\.0\.1, ::1, localhost\)/;

  it('-H Authorization to a non-loopback http:// host: refused (exit 2), no connection attempted', async () => {
    const r = await guarded(['pull', '--api', 'http://192.0.2.1:8080', '-H', 'Authorization: Bearer s3cret', '--out', join(work, 'pulled')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(REFUSAL);
    expect(r.stderr).toContain('refusing to send Authorization');
    expect(r.attempts).toBe('');
  });

  it('any header from --header-file or RSTUF_API_HEADERS counts as a credential (send too)', async () => {
    const file = join(work, 'h.txt');
    writeFileSync(file, 'X-Tenant: blue\n', { mode: 0o600 });
    let r = await guarded(['pull', '--api', 'http://192.0.2.1/', '--header-file', file, '--out', join(work, 'pulled')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(REFUSAL);
    expect(r.attempts).toBe('');
    r = await guarded(['send', '--api', 'http://192.0.2.1/', cliFixture('sign.json')], { RSTUF_API_HEADERS: 'X-Api-Key: k' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(REFUSAL);
    expect(r.attempts).toBe('');
  });

  it('without credentials the same URL is not refused (net-guard then blocks the attempt)', async () => {
    const r = await guarded(['pull', '--api', 'http://192.0.2.1/', '-H', 'X-Tenant: blue', '--out', join(work, 'pulled')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(REFUSAL);
    expect(r.attempts).toContain('192.0.2.1');
  });

  it('https:// and loopback http:// accept credentials; loopback means 127.0.0.0/8, ::1, localhost', () => {
    expect(() => new RstufApiClient('https://192.0.2.1', { headers: { Authorization: 'x' } })).not.toThrow();
    expect(() => new RstufApiClient('http://127.3.4.5:9', { headers: { Authorization: 'x' } })).not.toThrow();
    expect(() => new RstufApiClient('http://[::1]:9', { headers: { Cookie: 'x' } })).not.toThrow();
    expect(() => new RstufApiClient('http://localhost:9', { headers: { Cookie: 'x' } })).not.toThrow();
    expect(() => new RstufApiClient('http://192.0.2.1', { headers: { 'X-Tenant': 'x' }, credentialHeaders: ['x-tenant'] })).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    for (const host of ['127.0.0.1', '127.255.0.9', '[::1]', 'localhost', 'LOCALHOST', '[::ffff:7f00:1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['192.0.2.1', '128.0.0.1', '127.0.0.1.example.org', 'localhost.example.org', '[::2]', '0.0.0.0']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
