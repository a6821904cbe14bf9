// The signer never touches the network (only `pull` and `send`, the online side, do): the CLI
// commands a key holder runs are executed as child processes with every outbound connection API
// watched (test/helpers/net-guard.cjs), and any attempt fails the test. The guard itself is proven
// first, on raw Node APIs and on the product's own networking (`pull`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson, REPO_ROOT } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const GUARD = join(REPO_ROOT, 'test/helpers/net-guard.cjs');
const ONLINE = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
let dir: string;
let log: string;

interface Attempt {
  api: string;
  target: string;
  argv: string;
}
const attempts = (): Attempt[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Attempt) : []);
const guardEnv = (): NodeJS.ProcessEnv => ({ NODE_OPTIONS: `--require ${GUARD}`, RSTUF_NET_GUARD_LOG: log, RSTUF_SIGNER_HOME: join(dir, 'home') });
const cli = (...args: string[]): CliResult => runSigner(args, { cwd: dir, env: guardEnv() });

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'no-network-'));
  log = join(dir, 'net-attempts.jsonl');
  writeFileSync(join(dir, 'pw'), `${FIXTURE_PASSWORD}\n`);
  writeFileSync(join(dir, 'new-pw'), 'correct horse battery staple\n');
  mkdirSync(join(dir, 'keys'));
  for (const [from, to] of [['JH.pub', 'jh.pub'], ['JJ.pub', 'jj.pub'], [`${ONLINE}.pub`, 'online.pub']] as const) copyFileSync(cliFixture(from), join(dir, 'keys', to));
  writeFileSync(join(dir, 'root-v1.json'), JSON.stringify(readFixtureJson(cliFixture('ceremony.json')).metadata.root));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the network guard', () => {
  it('records and refuses every outbound API: net, tls, dns, http(s), http2, dgram, fetch, ESM imports', () => {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `import { request } from 'node:http';
import net from 'node:net'; import tls from 'node:tls'; import dns from 'node:dns'; import https from 'node:https';
import http2 from 'node:http2'; import dgram from 'node:dgram';
const tries = {
  esmRequest: () => request('http://192.0.2.1/'),
  netConnect: () => net.connect(443, '192.0.2.1'),
  socketConnect: () => new net.Socket().connect({ host: '192.0.2.1', port: 80 }),
  tlsConnect: () => tls.connect(443, 'example.org'),
  dnsLookup: () => dns.lookup('example.org', () => {}),
  dnsPromises: () => dns.promises.resolve4('example.org'),
  httpsGet: () => https.get('https://example.org/'),
  http2: () => http2.connect('https://example.org'),
  udp: () => dgram.createSocket('udp4').send('x', 53, '192.0.2.1'),
};
let refused = 0;
for (const [name, f] of Object.entries(tries)) { try { await f(); } catch { refused++; } }
try { await fetch('https://example.org/'); } catch { refused++; }
console.log(refused);
`,
    );
    const r = spawnSync(process.execPath, [probe], { env: { ...process.env, ...guardEnv() }, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('10');
    const apis = attempts().map((a) => a.api);
    expect(apis).toEqual(expect.arrayContaining(['http.request', 'net.connect', 'net.Socket.connect', 'tls.connect', 'dns.lookup', 'dns.promises.resolve4', 'https.get', 'http2.connect', 'dgram.send', 'fetch']));
    rmSync(log);
  });

  it("sees the product's own networking: `pull` (online side) is recorded", () => {
    const r = cli('pull', '--api', 'http://192.0.2.1:8080', '--out', 'pulled');
    expect(r.code).not.toBe(0);
    expect(attempts().length).toBeGreaterThan(0);
    expect(attempts()[0]?.argv).toMatch(/^pull /);
    rmSync(log);
  });
});

describe('offline commands make no network request', () => {
  const run = (expectedCode: number, ...args: string[]): CliResult => {
    const r = cli(...args);
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(expectedCode);
    expect(attempts(), `network attempted by: ${args.join(' ')}`).toEqual([]);
    return r;
  };
  const key = ['--key', cliFixture('JH.ed25519'), '--passphrase-file', 'pw'];

  it('help of every command', () => {
    run(0, '--help');
    for (const c of ['inspect', 'verify', 'sign', 'keygen', 'bundle', 'trust', 'tokens', 'ceremony', 'update', 'delegations']) run(0, c, '--help');
  });

  it('inspect, verify, sign and keygen on RSTUF files', () => {
    run(0, 'inspect', cliFixture('sign_pending_roles.json'));
    run(0, 'inspect', '--json', cliFixture('ceremony.json'));
    run(0, 'verify', cliFixture('ceremony.json'));
    run(1, 'verify', cliFixture('ceremony_das.json'));
    run(0, 'sign', cliFixture('sign_pending_roles.json'), ...key, '--out', 'sign-payload.json');
    run(0, 'sign', cliFixture('ceremony_das.json'), ...key, '--out', 'ceremony-signed.json');
    run(0, 'verify', 'ceremony-signed.json');
    run(0, 'keygen', '--scheme', 'ed25519', '--out', 'offline.pem', '--passphrase-file', 'new-pw');
    run(1, 'inspect', 'no-such-file.json');
  });

  it('bundles: create, verify, inspect, sign', () => {
    run(0, 'bundle', 'create', cliFixture('sign_pending_roles.json'), '--out', 'usb-bundle');
    run(0, 'bundle', 'verify', 'usb-bundle');
    run(0, 'inspect', 'usb-bundle');
    run(0, 'sign', 'usb-bundle', ...key);
    run(0, 'bundle', 'verify', 'usb-bundle');
  });

  it('trust store, ceremony and update', () => {
    writeFileSync(
      join(dir, 'ceremony-config.json'),
      JSON.stringify({
        expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
        bins: 16384,
        root: { threshold: 2, keys: [{ file: 'keys/jh.pub', name: 'Jimi' }, { file: 'keys/jj.pub', name: 'Janis' }] },
        online_key: { file: 'keys/online.pub', name: 'Online', uri: `fn:${ONLINE}` },
      }),
    );
    run(0, 'ceremony', '--config', 'ceremony-config.json', '--out', 'ceremony-bundle');
    run(0, 'sign', 'ceremony-bundle', ...key);
    // A new ceremony is for a new repository: pin the existing one only after it.
    run(0, 'trust', 'pin', 'root-v1.json', '--yes');
    run(0, 'trust', 'show');
    run(0, 'inspect', cliFixture('sign_pending_roles.json'));
    writeFileSync(join(dir, 'changes.json'), JSON.stringify({ expiration: { root: 30 } }));
    run(0, 'update', '--trusted-root', 'root-v1.json', '--config', 'changes.json', '--out', 'update-bundle');
  });

  it('tokens: listing PKCS#11 tokens stays on this machine', () => {
    const r = cli('tokens');
    expect(r.stderr).not.toMatch(/internal error/);
    expect(attempts()).toEqual([]);
  });
});
