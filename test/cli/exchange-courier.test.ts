// pull -> sign (two holders) -> send against an RSTUF API 1.0.x stand-in on 127.0.0.1.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { createBundle, importBundleOrFile } from '../../main/core/exchange/bundle.js';
import { describeApiAnswer, RstufApiClient } from '../../main/courier/rstuf-api.js';
import { FakeRstufApi } from '../helpers/fake-rstuf-api.js';
import { runSignerAsync } from '../helpers/exchange-cli.js';
import { fixtureKeyId, fixtureSigner, KEY_PATHS, type FixtureKeyName } from '../helpers/exchange-fixtures.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let work: string;
let api: FakeRstufApi;
let passphrase: string;

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'rstuf-courier-'));
  passphrase = join(work, 'passphrase.txt');
  writeFileSync(passphrase, `${FIXTURE_PASSWORD}\n`);
  api = await FakeRstufApi.start({ requireHeaders: { Authorization: 'Bearer s3cret' }, pollsBeforeDone: 2 });
});
afterEach(async () => {
  await api.close();
  rmSync(work, { recursive: true, force: true });
});

// The credential travels in RSTUF_API_HEADERS (-H with it would warn that ps shows it).
const AUTH = { RSTUF_API_HEADERS: 'Authorization: Bearer s3cret' };
const pull = (out: string) => runSignerAsync(['pull', '--api', api.url, '--out', out], AUTH);
const send = (dir: string, ...extra: string[]) => runSignerAsync(['send', '--api', api.url, '--poll-interval', '0.01', ...extra, dir], AUTH);
const sign = (dir: string, key: FixtureKeyName, ...extra: string[]) => runSignerAsync(['sign', dir, '--key', KEY_PATHS[key], '--passphrase-file', passphrase, ...extra]);

function seedRootV2Pending(): void {
  const fixture = readFixtureJson(cliFixture('sign_pending_roles.json')).data.metadata;
  api.seedFinished(fixture.trusted_root);
  // RSTUF holds root v2 with JoeCocker's signature; JimiHendrix (old root) and JanisJoplin must add theirs.
  api.signing.set('root', { ...fixture.root, signatures: fixture.root.signatures.filter((s: any) => s.keyid === fixtureKeyId('JC.rsa')) });
}

describe('pull', () => {
  it('writes RSTUF\'s answer unchanged into a bundle, records the API and bootstrap state, sends the RSTUF_API_HEADERS headers', async () => {
    seedRootV2Pending();
    const out = join(work, 'pulled');
    const r = await pull(out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fingerprint: [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}/);
    expect(r.stdout).toContain('pending: root v2 (1 signature so far)');
    const served = await new RstufApiClient(api.url, { headers: { Authorization: 'Bearer s3cret' } }).get('/api/v1/metadata/sign');
    expect(readFileSync(join(out, 'metadata-sign.json'))).toEqual(Buffer.from(served.bytes));
    const bundle = importBundleOrFile(out);
    expect(bundle.purpose).toBe('sign-pending');
    expect(bundle.manifest.source).toEqual({ api: `${api.url}/`, bootstrap: { bootstrap: true, state: 'finished', id: api.bootstrapTask } });
    expect(api.requests.every((q) => q.headers.authorization === 'Bearer s3cret')).toBe(true);
    expect(new Set(api.requests.map((q) => `${q.method} ${q.path}`))).toEqual(new Set(['GET /api/v1/bootstrap/', 'GET /api/v1/metadata/sign']));
  });

  it('says so when RSTUF has nothing pending, or is not bootstrapped, and writes nothing', async () => {
    const out = join(work, 'pulled');
    let r = await pull(out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No signing pending.');
    expect(r.stderr).toContain('not bootstrapped yet');
    api.seedFinished(readFixtureJson(cliFixture('v1.json')));
    r = await pull(out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No metadata pending signing available');
    expect(existsSync(out)).toBe(false);
  });

  it('fails clearly without the proxy header', async () => {
    seedRootV2Pending();
    const r = await runSignerAsync(['pull', '--api', api.url, '--out', join(work, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 401');
  });
});

describe('pull, two holders sign, send', () => {
  it('completes a root v2 update; re-sending is harmless and says so', async () => {
    seedRootV2Pending();
    const pulled = join(work, 'pulled');
    expect((await pull(pulled)).code).toBe(0);
    // Holder 1 signs the bundle in place; holder 2 writes a new bundle.
    let r = await sign(pulled, 'JH.ed25519');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('more signatures are needed');
    const signed = join(work, 'signed');
    r = await sign(pulled, 'JJ.ecdsa', '--out', signed);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('fully signed');
    expect((await runSignerAsync(['bundle', 'verify', signed])).code).toBe(0);
    expect((await runSignerAsync(['verify', signed])).code).toBe(0);

    r = await send(signed);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 of 2 payloads accepted');
    expect(r.stdout).toContain('Metadata update finished');
    expect(api.trustedRoot.signed.version).toBe(2);
    expect(api.signing.size).toBe(0);
    const posted = api.posts('/api/v1/metadata/sign');
    expect(posted).toHaveLength(2);
    const bundle = importBundleOrFile(signed);
    for (const p of bundle.signPayloads) {
      expect(posted.some((q) => canonicalize(q.body) === canonicalize(JSON.parse(readFileSync(join(signed, p.name), 'utf8'))))).toBe(true);
    }
    // Each task was followed through PENDING and STARTED to its end.
    expect(api.requests.filter((q) => q.path === '/api/v1/task/')).toHaveLength(6);

    r = await send(signed);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/already accepted by RSTUF/g)).toHaveLength(2);
    expect(api.posts('/api/v1/metadata/sign')).toHaveLength(2);
  });

  it('a copy without sent.json is recognised from RSTUF\'s pending metadata', async () => {
    seedRootV2Pending();
    const pulled = join(work, 'pulled');
    await pull(pulled);
    await sign(pulled, 'JH.ed25519');
    const copy = join(work, 'copy');
    cpSync(pulled, copy, { recursive: true });
    expect((await send(pulled)).code).toBe(0);
    expect(api.signing.get('root').signatures).toHaveLength(2);
    const r = await send(copy);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('RSTUF already holds this signature');
    expect(api.posts('/api/v1/metadata/sign')).toHaveLength(1);
  });

  it('warns when the bundle was pulled from another RSTUF API than the one it is sent to', async () => {
    seedRootV2Pending();
    const pulled = join(work, 'pulled');
    await pull(pulled);
    await sign(pulled, 'JH.ed25519');
    const other = await FakeRstufApi.start();
    try {
      other.seedFinished(api.trustedRoot);
      other.signing.set('root', api.signing.get('root'));
      const r = await runSignerAsync(['send', '--api', other.url, '--poll-interval', '0.01', pulled]);
      expect(r.stderr).toContain(`this bundle was pulled from ${api.url}/, not from ${other.url}/`);
      expect(r.code).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('reports an ERRORED task in RSTUF\'s words and exits 1', async () => {
    // RSTUF is signing root v1 (DAS bootstrap); sign.json signs root v2.
    const ceremony = readFixtureJson(cliFixture('ceremony.json'));
    api.bootstrap = 'signing';
    api.signing.set('root', { ...ceremony.metadata.root, signatures: [] });
    const dir = createBundle([cliFixture('sign.json')], join(work, 'sigs')).path;
    const r = await send(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERRORED');
    expect(r.stderr).toContain('Invalid signature');
    expect(r.stdout).toContain('0 of 1 payload accepted');
  });

  it('reports a Celery FAILURE and exits 1', async () => {
    seedRootV2Pending();
    const pulled = join(work, 'pulled');
    await pull(pulled);
    await sign(pulled, 'JH.ed25519');
    api.failNextTask = true;
    const r = await send(pulled);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(FAILURE): worker lost');
  });
});

describe('ceremony and delegations', () => {
  it('bootstrap: unsigned ceremony -> JH signs (DAS) -> send -> pull -> JJ signs -> send finishes the bootstrap', async () => {
    const ceremony = readFixtureJson(cliFixture('ceremony.json'));
    const payload = join(work, 'ceremony-payload.json');
    writeFileSync(payload, JSON.stringify({ ...ceremony, metadata: { root: { ...ceremony.metadata.root, signatures: [] } } }, null, 2));
    const dir = join(work, 'ceremony');
    expect((await runSignerAsync(['bundle', 'create', payload, '--out', dir])).code).toBe(0);
    expect((await sign(dir, 'JH.ed25519')).code).toBe(0);
    let r = await send(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Root v1 is pending signature');
    expect(api.bootstrap).toBe('signing');
    // The RSTUF CLI's own payload shape went out: settings, metadata.root, timeout.
    expect(Object.keys(api.posts('/api/v1/bootstrap/')[0]!.body).sort()).toEqual(['metadata', 'settings', 'timeout']);

    r = await send(dir, '--again');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('System already has a Metadata. State: signing');

    const pulled = join(work, 'pulled');
    expect((await pull(pulled)).code).toBe(0);
    expect((await sign(pulled, 'JJ.ecdsa')).code).toBe(0);
    r = await send(pulled);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Bootstrap Finished');
    expect(api.bootstrap).toBe('finished');
  });

  for (const [name, accepted] of [['production', true], ['Production', false]] as const) {
    it(`delegations: POST the payload, then sign the delegated role "${name}" as RSTUF serves it (lower-cased)`, async () => {
      api.seedFinished(readFixtureJson(cliFixture('v1.json')));
      const jh = { ...fixtureSigner('JH.ed25519').publicKey, 'x-rstuf-key-name': 'JH' };
      const jc = { ...fixtureSigner('JC.rsa').publicKey, 'x-rstuf-key-name': 'JC' };
      const ids = [fixtureKeyId('JH.ed25519'), fixtureKeyId('JC.rsa')];
      const payload = join(work, 'delegations-new.json');
      writeFileSync(payload, JSON.stringify({ delegations: { keys: { [ids[0]!]: jh, [ids[1]!]: jc }, roles: [{ name, terminating: true, keyids: ids, threshold: 2, paths: ['production/*'], 'x-rstuf-expire-policy': 7 }] } }));
      let r = await send(payload);
      expect(r.code, r.stderr).toBe(0);
      expect(api.posts('/api/v1/delegations/')).toHaveLength(1);
      // The trap is named before anything is posted, not found after the holders signed.
      if (accepted) expect(r.stderr).not.toContain('lower case');
      else expect(r.stderr).toMatch(/warning: delegations-new\.json: Delegated role "Production": RSTUF serves it for signing as "production".*name delegated roles in lower case/);

      const pulled = join(work, 'pulled');
      expect((await pull(pulled)).code).toBe(0);
      r = await sign(pulled, 'JH.ed25519');
      expect(r.code, r.stderr).toBe(0);
      if (!accepted) expect(r.stdout).toContain('RSTUF returned the name as "production"');
      r = await sign(pulled, 'JC.rsa');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('fully signed');
      r = await send(pulled);
      if (accepted) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('Role production signing complete');
        expect(api.signing.size).toBe(0);
      } else {
        // RSTUF's worker looks the role up by the lower-cased name, so a mixed-case delegation fails there.
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('Role production not found in targets delegations');
      }
    });
  }
});

describe('sign DIR', () => {
  it('refuses --force with a usage message and leaves the bundle as it was', async () => {
    seedRootV2Pending();
    const pulled = join(work, 'pulled');
    expect((await pull(pulled)).code).toBe(0);
    const before = importBundleOrFile(pulled).fingerprint;
    const r = await sign(pulled, 'JJ.ecdsa', '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force does not apply to bundle folders');
    expect(importBundleOrFile(pulled).fingerprint).toBe(before);
    expect(importBundleOrFile(pulled).signPayloads).toHaveLength(0);
  });
});

describe('updating delegations (PUT /api/v1/delegations/)', () => {
  const delegationsPayload = (threshold: number, paths: string[]) => {
    const jh = { ...fixtureSigner('JH.ed25519').publicKey, 'x-rstuf-key-name': 'JH' };
    const jc = { ...fixtureSigner('JC.rsa').publicKey, 'x-rstuf-key-name': 'JC' };
    const ids = [fixtureKeyId('JH.ed25519'), fixtureKeyId('JC.rsa')];
    return { delegations: { keys: { [ids[0]!]: jh, [ids[1]!]: jc }, roles: [{ name: 'production', terminating: true, keyids: ids, threshold, paths, 'x-rstuf-expire-policy': 7 }] } };
  };

  it('send --update PUTs a delegations payload, so an existing delegation is changed', async () => {
    api.seedFinished(readFixtureJson(cliFixture('v1.json')));
    const added = join(work, 'delegations-new.json');
    writeFileSync(added, JSON.stringify(delegationsPayload(2, ['production/*'])));
    expect((await send(added)).code).toBe(0);

    const changed = join(work, 'delegations-update.json');
    writeFileSync(changed, JSON.stringify(delegationsPayload(1, ['production/*', 'prod/*'])));
    // Posting it again as an addition is refused by RSTUF: the role exists.
    let r = await send(changed);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Roles already exist: production');
    r = await send(changed, '--update');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/delegations-update\.json -> PUT \/api\/v1\/delegations\/: accepted/);
    expect(api.requests.filter((q) => q.method === 'PUT' && q.path === '/api/v1/delegations/')).toHaveLength(1);
    const role = api.trustedTargets.signed.delegations.roles.find((x: any) => x.name === 'production');
    expect(role).toMatchObject({ threshold: 1, paths: ['production/*', 'prod/*'] });
  });

  it('send --update on a bundle without a delegations payload is a usage error, before any request', async () => {
    const ceremony = createBundle([cliFixture('ceremony.json')], join(work, 'ceremony'));
    const r = await send(ceremony.path, '--update');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--update applies to delegations payloads');
    expect(api.requests).toHaveLength(0);
  });
});

describe('the API client', () => {
  it('describes RSTUF 422 and 404 answers in one sentence', async () => {
    const client = new RstufApiClient(api.url, { headers: { Authorization: 'Bearer s3cret' } });
    expect(describeApiAnswer(await client.post('/api/v1/bootstrap/', Buffer.from('{}')))).toBe('HTTP 422 validation error: body.settings: Field required; body.metadata: Field required');
    expect(describeApiAnswer(await client.post('/api/v1/metadata/sign', Buffer.from('{"role":"root","signature":{"keyid":"a","sig":"b"}}')))).toBe(
      'HTTP 404: No signing pending. Requires bootstrap in signing state. State: null',
    );
    expect(describeApiAnswer(await client.get('/api/v1/task/'))).toBe('HTTP 422 validation error: query.task_id: Field required');
  });

  it('follows same-origin redirects (FastAPI trailing slashes) and refuses redirects to another server', async () => {
    const client = new RstufApiClient(api.url, { headers: { Authorization: 'Bearer s3cret' } });
    const answer = await client.get('/api/v1/bootstrap');
    expect(answer.status).toBe(200);
    const other = createServer((_req, res) => {
      res.writeHead(307, { location: `${api.url}/api/v1/bootstrap/` });
      res.end();
    });
    await new Promise<void>((resolve) => other.listen(0, 'localhost', resolve));
    try {
      const elsewhere = new RstufApiClient(`http://localhost:${(other.address() as AddressInfo).port}`);
      await expect(elsewhere.get('/api/v1/bootstrap/')).rejects.toMatchObject({ code: 'API_ERROR', message: expect.stringContaining('another server') });
      expect(api.requests.filter((q) => q.path === '/api/v1/bootstrap/')).toHaveLength(1);
    } finally {
      other.close();
    }
  });

  it('refuses non-http URLs and bad headers before any request', async () => {
    expect(() => new RstufApiClient('file:///etc/passwd')).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    const r = await runSignerAsync(['pull', '--api', api.url, '-H', 'no colon here', '--out', join(work, 'x')]);
    expect(r.code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });
});
