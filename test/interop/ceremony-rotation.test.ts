// A bootstrap and two root rotations made only with the CLI, the way key holders would:
//   rstuf-signer ceremony -> sign (twice) -> 1.root.json
//   rstuf-signer update   -> sign (old and new holders, --trusted-root) -> 2.root.json
//   rstuf-signer update   -> rotate the online key too                  -> 3.root.json
// Every payload is checked against RSTUF's published request schema and rules, every signature
// by securesystemslib (python), and then a real TUF client, tuf-js 6.0.2's Updater, starting
// from 1.root.json, refreshes from a repository served on 127.0.0.1 and must end on root v3.
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Updater } from 'tuf-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import type { RootMetadata, TufKey } from '../../shared/tuf/types.js';
import { computeKeyId, tufKeyFromKeyObject } from '../../main/core/tuf/tuf-keys.js';
import { bootstrapApiRuleErrors, checkAgainstRstufSchema, pythonTufRootRuleErrors } from '../helpers/ceremony-schema.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { pythonSslibAvailable, runPython } from '../helpers/python-sslib.js';
import { ensureCliBuilt } from './foundation-build.js';

const hasPython = pythonSslibAvailable();

interface OnlineKeyPair {
  privateKey: KeyObject;
  key: TufKey;
  keyid: string;
}
function onlineKeyPair(): OnlineKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = tufKeyFromKeyObject(publicKey);
  return { privateKey, key, keyid: computeKeyId(key) };
}


/** Which signatures of root `md` securesystemslib accepts, by key id, using `keys` (from this or the previous root). */
function pythonValidSigners(md: RootMetadata, keys: Record<string, TufKey>): string[] {
  // python computes the canonical bytes itself from the JSON text: our canonicalizer plays no part.
  const [canonical] = runPython([{ op: 'canonical_text', text: JSON.stringify(md.signed) }]);
  const checks = md.signatures.filter((s) => keys[s.keyid]).map((s) => ({ op: 'verify' as const, keyid: s.keyid, key: keys[s.keyid] as object, sig: s.sig, data_b64: canonical?.b64 as string }));
  const results = runPython(checks);
  return checks.filter((_, i) => results[i]?.ok === true).map((c) => c.keyid);
}

function metThreshold(md: RootMetadata, authorizer: RootMetadata): boolean {
  const role = authorizer.signed.roles.root!;
  const valid = pythonValidSigners(md, authorizer.signed.keys).filter((id) => role.keyids.includes(id));
  return new Set(valid).size >= role.threshold;
}

describe.skipIf(!hasPython)('root rotation v1 -> v2 -> v3 with the CLI, accepted by tuf-js', () => {
  let dir: string;
  let server: Server | undefined;
  const online1 = onlineKeyPair();
  const online2 = onlineKeyPair();
  const roots: RootMetadata[] = [];
  const outputs: Record<string, string> = {};

  const path = (...p: string[]): string => join(dir, ...p);
  const cli = (args: string[]): { code: number; stdout: string; stderr: string } => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: join(dir, 'home') } });
  const sign = (bundle: string, keyFile: string, trustedRoot?: string) => {
    const r = cli(['sign', bundle, '--key', cliFixture(keyFile), '--passphrase-file', path('pw'), ...(trustedRoot ? ['--trusted-root', trustedRoot] : [])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const payloadOf = (bundle: string, file: string): any => JSON.parse(readFileSync(path(bundle, file), 'utf8'));

  beforeAll(() => {
    ensureCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ceremony-rotation-'));
    writeFileSync(path('pw'), `${FIXTURE_PASSWORD}\n`);
    mkdirSync(path('keys'));
    copyFileSync(cliFixture('JH.pub'), path('keys', 'jimi.pub'));
    copyFileSync(cliFixture('JJ.pub'), path('keys', 'janis.pub'));
    copyFileSync(cliFixture('JC.pub'), path('keys', 'joe.pub'));
    // The certificate exported from a YubiKey's PIV slot 9c (its private half is hsm-9c.ecdsa).
    copyFileSync(cliFixture('hsm-9c-ecc.crt'), path('keys', 'yubikey.crt'));
    writeFileSync(path('keys', 'online1.pub'), online1.key.keyval.public);
    writeFileSync(path('keys', 'online2.pub'), online2.key.keyval.public);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ceremony: builds root v1, says 2 signatures are missing, and is complete after two holders sign', () => {
    writeFileSync(
      path('CEREMONY.json'),
      JSON.stringify({
        expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
        bins: 4,
        root: { threshold: 2, keys: [{ file: 'keys/jimi.pub', name: 'Jimi' }, { file: 'keys/yubikey.crt' }] },
        online_key: { file: 'keys/online1.pub', name: 'Online', uri: `fn:${online1.keyid}` },
      }),
    );
    const r = cli(['ceremony', '--config', 'CEREMONY.json', '--out', 'b1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('signatures still missing: 2 more for root v1 (threshold 2)');
    // The certificate's CN names the key when the config gives no name, as RSTUF's CLI does.
    expect(r.stdout).toContain('"YubiKey 9c PIV Test"');

    const first = sign('b1', 'JH.ed25519');
    expect(first).toMatch(/root v1: 1 of 2 required signatures by Jimi; missing 1 of: YubiKey 9c PIV Test/);
    expect(first).toContain('more signatures are needed');
    // Distributed signing: one of two signatures is still a payload RSTUF accepts.
    const das = payloadOf('b1', 'ceremony-payload.json');
    expect(checkAgainstRstufSchema(das, 'BootstrapPayload')).toEqual({ errors: [], dropped: [] });
    expect(das.metadata.root.signatures).toHaveLength(1);

    expect(sign('b1', 'hsm-9c.ecdsa')).toContain('fully signed');
    const payload = payloadOf('b1', 'ceremony-payload.json');
    expect(checkAgainstRstufSchema(payload, 'BootstrapPayload')).toEqual({ errors: [], dropped: [] });
    expect(bootstrapApiRuleErrors(payload)).toEqual([]);
    expect(payload.settings.roles.bins).toEqual({ expiration: 1, number_of_delegated_bins: 4 });
    const root: RootMetadata = payload.metadata.root;
    expect(pythonTufRootRuleErrors(root.signed)).toEqual([]);
    expect(root.signed.keys[online1.keyid]?.['x-rstuf-online-key-uri']).toBe(`fn:${online1.keyid}`);
    expect(metThreshold(root, root)).toBe(true);
    expect(pythonValidSigners(root, root.signed.keys)).toHaveLength(2);
    roots.push(root);
    writeFileSync(path('1.root.json'), JSON.stringify(root));
  });

  it('update 1: adds Janis and removes Jimi; needs and gets both the v1 and the v2 thresholds', () => {
    writeFileSync(path('CHANGES1.json'), JSON.stringify({ root: { threshold: 2, add: [{ file: 'keys/janis.pub', name: 'Janis' }], remove: ['Jimi'] } }));
    const r = cli(['update', '--trusted-root', '1.root.json', '--config', 'CHANGES1.json', '--out', 'b2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('root key removed: "Jimi"');
    expect(r.stdout).toContain('root key added: "Janis"');
    expect(r.stdout).toContain('signatures still missing: 2 more for trusted root v1 (threshold 2); 2 more for new root v2 (threshold 2)');

    // Jimi (old root only), the YubiKey (both), Janis (new root only).
    expect(sign('b2', 'JH.ed25519', '1.root.json')).toMatch(/trusted root v1: 1 of 2 .*\n.*new root v2: 0 of 2/);
    expect(sign('b2', 'hsm-9c.ecdsa', '1.root.json')).toMatch(/trusted root v1: 2 of 2 required signatures \(met\)[^\n]*\n\s*new root v2: 1 of 2/);
    expect(sign('b2', 'JJ.ecdsa', '1.root.json')).toContain('fully signed');

    const payload = payloadOf('b2', 'update-payload.json');
    expect(checkAgainstRstufSchema(payload, 'MetadataPostPayload')).toEqual({ errors: [], dropped: [] });
    const root: RootMetadata = payload.metadata.root;
    expect(root.signed.version).toBe(2);
    expect(pythonTufRootRuleErrors(root.signed)).toEqual([]);
    expect(metThreshold(root, roots[0]!)).toBe(true);
    expect(metThreshold(root, root)).toBe(true);
    roots.push(root);
    writeFileSync(path('2.root.json'), JSON.stringify(root));
  });

  it('update 2: rotates the online key, adds Joe and shortens the expiry', () => {
    writeFileSync(
      path('CHANGES2.json'),
      JSON.stringify({ expiration: { root: 30 }, root: { add: [{ file: 'keys/joe.pub', name: 'Joe' }] }, online_key: { file: 'keys/online2.pub', name: 'Online 2', uri: `fn:${online2.keyid}` } }),
    );
    const r = cli(['update', '--trusted-root', '2.root.json', '--config', 'CHANGES2.json', '--out', 'b3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`online key: "Online" (${online1.keyid.slice(0, 8)}) -> "Online 2" (${online2.keyid.slice(0, 8)})`);

    expect(sign('b3', 'JC.rsa', '2.root.json')).toContain('more signatures are needed');
    outputs.partialV3 = readFileSync(path('b3', 'update-payload.json'), 'utf8');
    sign('b3', 'JJ.ecdsa', '2.root.json');
    expect(sign('b3', 'hsm-9c.ecdsa', '2.root.json')).toContain('fully signed');

    const payload = payloadOf('b3', 'update-payload.json');
    expect(checkAgainstRstufSchema(payload, 'MetadataPostPayload')).toEqual({ errors: [], dropped: [] });
    const root: RootMetadata = payload.metadata.root;
    expect(root.signed.version).toBe(3);
    expect(root.signed.roles.timestamp?.keyids).toEqual([online2.keyid]);
    expect(root.signed.keys).not.toHaveProperty(online1.keyid);
    expect(Date.parse(root.signed.expires) - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(metThreshold(root, roots[1]!)).toBe(true);
    expect(metThreshold(root, root)).toBe(true);
    roots.push(root);
  });

  async function serveRepository(repo: string): Promise<string> {
    server = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
      try {
        if (name.includes('/') || name.includes('..')) throw new Error('no');
        const body = readFileSync(join(repo, name));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  function writeOnlineRoles(repo: string, onlineKey: OnlineKeyPair): void {
    const expires = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signAs = (signed: object) => ({ signatures: [{ keyid: onlineKey.keyid, sig: cryptoSign(null, canonicalBytes(signed), onlineKey.privateKey).toString('hex') }], signed });
    const targets = { _type: 'targets', spec_version: '1.0.31', version: 1, expires, targets: {} };
    const snapshot = { _type: 'snapshot', spec_version: '1.0.31', version: 1, expires, meta: { 'targets.json': { version: 1 } } };
    const timestamp = { _type: 'timestamp', spec_version: '1.0.31', version: 1, expires, meta: { 'snapshot.json': { version: 1 } } };
    writeFileSync(join(repo, '1.targets.json'), JSON.stringify(signAs(targets)));
    writeFileSync(join(repo, '1.snapshot.json'), JSON.stringify(signAs(snapshot)));
    writeFileSync(join(repo, 'timestamp.json'), JSON.stringify(signAs(timestamp)));
  }

  function clientFrom(root1: string, name: string): { updater: (url: string) => Updater; trustedRootVersion: () => number } {
    const metadataDir = path(name);
    mkdirSync(metadataDir);
    writeFileSync(join(metadataDir, 'root.json'), root1);
    return {
      updater: (url) => new Updater({ metadataBaseUrl: url, metadataDir, config: { fetchRetry: 0 } }),
      trustedRootVersion: () => (JSON.parse(readFileSync(join(metadataDir, 'root.json'), 'utf8')) as RootMetadata).signed.version,
    };
  }

  it('tuf-js, trusting only 1.root.json, refreshes through 2.root.json to 3.root.json and the new online key', async () => {
    expect(roots.map((r) => r.signed.version)).toEqual([1, 2, 3]);
    const repo = path('repo');
    mkdirSync(repo);
    roots.forEach((root, i) => writeFileSync(join(repo, `${i + 1}.root.json`), JSON.stringify(root)));
    writeOnlineRoles(repo, online2);
    const url = await serveRepository(repo);

    const client = clientFrom(JSON.stringify(roots[0]), 'client');
    await client.updater(url).refresh();
    expect(client.trustedRootVersion()).toBe(3);

    // Control: the same client code refuses root v3 while it lacks the old root's threshold.
    writeFileSync(join(repo, '3.root.json'), JSON.stringify(JSON.parse(outputs.partialV3 as string).metadata.root));
    const strict = clientFrom(JSON.stringify(roots[0]), 'client-partial');
    await expect(strict.updater(url).refresh()).rejects.toThrow();
    expect(strict.trustedRootVersion()).toBe(2);
  });
});
