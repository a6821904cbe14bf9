// `rstuf-signer keygen` end to end, for all four schemes: the private key file is encrypted
// PKCS#8 PBES2 (PBKDF2-HMAC-SHA256, 600,000 iterations, AES-256-CBC) as read by a DER walker
// written here (not the library that wrote it), pyca/cryptography loads it with the passphrase
// (so the `rstuf` CLI can), the .pub file is its public key, and every generated key then signs a
// root through `rstuf-signer sign` with signatures that securesystemslib verifies.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import type { RootMetadata, TufKey, TufMetadata } from '../../shared/tuf/types.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { readPublicKeyFile } from '../../main/core/keys/public-key-file.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { pythonSslibAvailable, runPython, toB64 } from '../helpers/python-sslib.js';
import { ensureCliBuilt } from './foundation-build.js';

const hasPython = pythonSslibAvailable();
const SCHEMES = ['ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'rsassa-pss-sha256'] as const;
const PASSPHRASE = 'correct horse battery staple';

// --- a minimal DER reader: enough to walk EncryptedPrivateKeyInfo ---------------------------
interface Der {
  tag: number;
  content: Buffer;
  children?: Der[];
}
function readDer(buf: Buffer, offset = 0): { node: Der; next: number } {
  const tag = buf[offset] as number;
  let len = buf[offset + 1] as number;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[pos + i] as number);
    pos += n;
  }
  const content = buf.subarray(pos, pos + len);
  const node: Der = { tag, content };
  if (tag & 0x20) {
    node.children = [];
    for (let p = 0; p < content.length; ) {
      const child = readDer(content, p);
      node.children.push(child.node);
      p = child.next;
    }
  }
  return { node, next: pos + len };
}
function oid(node: Der | undefined): string {
  const b = (node as Der).content;
  const parts = [Math.floor((b[0] as number) / 40), (b[0] as number) % 40];
  let value = 0;
  for (const byte of b.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
const int = (node: Der | undefined): number => [...(node as Der).content].reduce((n, b) => n * 256 + b, 0);
const kids = (node: Der | undefined): Der[] => (node as Der).children as Der[];

interface Generated {
  scheme: (typeof SCHEMES)[number];
  privatePath: string;
  publicPath: string;
  stdout: string;
  code: number;
}

describe.skipIf(!hasPython)('rstuf-signer keygen, checked by pyca/cryptography and securesystemslib', () => {
  let dir: string;
  let passFile: string;
  const generated: Generated[] = [];

  beforeAll(() => {
    ensureCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'foundation-keygen-'));
    passFile = join(dir, 'passphrase.txt');
    writeFileSync(passFile, `${PASSPHRASE}\n`);
    // One keygen per scheme, reused by every test below (each costs 600,000 PBKDF2 rounds).
    for (const scheme of SCHEMES) {
      const privatePath = join(dir, `${scheme}.pem`);
      const r = runSigner(['keygen', '--scheme', scheme, '--out', privatePath, '--passphrase-file', passFile]);
      generated.push({ scheme, privatePath, publicPath: join(dir, `${scheme}.pub`), stdout: r.stdout, code: r.code });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints the key id of the public key it wrote', () => {
    for (const g of generated) {
      expect(g.code, g.scheme).toBe(0);
      const imported = readPublicKeyFile(g.publicPath, { rsaScheme: g.scheme });
      expect(imported.key.scheme).toBe(g.scheme);
      expect(g.stdout).toContain(`key id ${imported.keyid} (${g.scheme})`);
    }
  });

  it.each(SCHEMES)('%s: the private key is PKCS#8 PBES2 / PBKDF2-HMAC-SHA256 600,000 / AES-256-CBC, mode 0600', (scheme) => {
    const g = generated.find((x) => x.scheme === scheme) as Generated;
    const pem = readFileSync(g.privatePath, 'utf8');
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END ENCRYPTED PRIVATE KEY-----\n$/);
    expect(pem).not.toMatch(/BEGIN PRIVATE KEY|BEGIN EC PRIVATE KEY|BEGIN RSA PRIVATE KEY/);
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const top = readDer(der).node;
    const [algorithm, encryptedData] = kids(top);
    expect(encryptedData?.tag).toBe(0x04);
    const [pbes2Oid, pbes2Params] = kids(algorithm);
    expect(oid(pbes2Oid)).toBe('1.2.840.113549.1.5.13'); // id-PBES2
    const [kdf, cipher] = kids(pbes2Params);
    expect(oid(kids(kdf)[0])).toBe('1.2.840.113549.1.5.12'); // id-PBKDF2
    const kdfParams = kids(kids(kdf)[1]);
    expect(kdfParams[0]?.content.length).toBeGreaterThanOrEqual(16); // salt
    expect(int(kdfParams[1])).toBe(600_000); // iteration count
    const prf = kdfParams.find((n) => n.tag === 0x30);
    expect(oid(kids(prf)[0])).toBe('1.2.840.113549.2.9'); // hmacWithSHA256
    expect(oid(kids(cipher)[0])).toBe('2.16.840.1.101.3.4.1.42'); // aes256-CBC
    expect(kids(cipher)[1]?.content.length).toBe(16); // IV
    expect(statSync(g.privatePath).mode & 0o777).toBe(0o600);
  });

  it('pyca/cryptography loads every private key with the passphrase, and its public key is the .pub file', () => {
    const results = runPython(generated.map((g) => ({ op: 'load_private_pem', pem: readFileSync(g.privatePath, 'utf8'), password: PASSPHRASE })));
    const expected: Record<string, Record<string, unknown>> = {
      ed25519: { type: 'ed25519' },
      'ecdsa-sha2-nistp256': { type: 'ec', curve: 'secp256r1' },
      'ecdsa-sha2-nistp384': { type: 'ec', curve: 'secp384r1' },
      'rsassa-pss-sha256': { type: 'rsa', key_size: 3072 },
    };
    generated.forEach((g, i) => {
      const r = results[i] as Record<string, unknown>;
      expect(r.error, g.scheme).toBeUndefined();
      expect(r).toMatchObject(expected[g.scheme] as object);
      expect(r.public_pem).toBe(readFileSync(g.publicPath, 'utf8'));
    });
    const wrong = runPython([{ op: 'load_private_pem', pem: readFileSync(generated[0]?.privatePath as string, 'utf8'), password: 'wrong passphrase' }]);
    expect(wrong[0]?.error).toMatch(/ValueError/);
  });

  it('each generated key signs a root through `rstuf-signer sign`, and securesystemslib verifies every signature', () => {
    // A root v1 whose root role is the four generated keys, threshold 4.
    const template = readFixtureJson<{ metadata: { root: RootMetadata } }>(cliFixture('ceremony.json')).metadata.root;
    const keys: Record<string, TufKey> = {};
    for (const g of generated) {
      const { key, keyid } = readPublicKeyFile(g.publicPath, { rsaScheme: g.scheme });
      keys[keyid] = { ...key, 'x-rstuf-key-name': `generated ${g.scheme}` };
    }
    const signed = structuredClone(template.signed) as TufMetadata['signed'] & { keys: Record<string, TufKey>; roles: Record<string, { keyids: string[]; threshold: number }> };
    const online = signed.roles.timestamp?.keyids[0] as string;
    signed.keys = { ...keys, [online]: template.signed.keys[online] as TufKey };
    signed.roles.root = { keyids: Object.keys(keys), threshold: 4 };
    let current = join(dir, 'root-0.json');
    writeFileSync(current, JSON.stringify({ signatures: [], signed }, null, 1));

    generated.forEach((g, i) => {
      const next = join(dir, `root-${i + 1}.json`);
      const r = runSigner(['sign', current, '--key', g.privatePath, '--passphrase-file', passFile, '--out', next]);
      expect(r.stderr, g.scheme).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(i === 3 ? 'fully signed' : 'more signatures are needed');
      current = next;
    });
    expect(runSigner(['verify', current]).code).toBe(0);

    const final = JSON.parse(readFileSync(current, 'utf8')) as TufMetadata;
    expect(final.signatures).toHaveLength(4);
    const data = canonicalBytes(final.signed);
    // The signed part is unchanged by signing: same bytes as the unsigned input.
    expect(createHash('sha256').update(data).digest('hex')).toBe(createHash('sha256').update(canonicalBytes(signed)).digest('hex'));
    const requests = final.signatures.map((s) => {
      const key = keys[s.keyid] as TufKey;
      expect(computeKeyId(key)).toBe(s.keyid);
      return { op: 'verify' as const, keyid: s.keyid, key: { keytype: key.keytype, scheme: key.scheme, keyval: key.keyval }, sig: s.sig, data_b64: toB64(data) };
    });
    // securesystemslib 0.26 verifies P-384 (its ECDSA_SCHEME_SCHEMA allows nistp256|384); pyca is
    // asked directly as well, since securesystemslib 1.x's CryptoSigner cannot sign P-384.
    const p384 = final.signatures.find((s) => keys[s.keyid]?.scheme === 'ecdsa-sha2-nistp384') as { sig: string; keyid: string };
    const results = runPython([...requests, { op: 'verify_ecdsa_crypto', public_pem: (keys[p384.keyid] as TufKey).keyval.public, hash: 'sha384', sig: p384.sig, data_b64: toB64(data) }]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }, { ok: true, curve: 'secp384r1' }]);
    expect(final.signatures.map((s) => keys[s.keyid]?.scheme)).toEqual([...SCHEMES]);
  });

  it('refuses a short passphrase and writes nothing', () => {
    const shortPass = join(dir, 'short.txt');
    writeFileSync(shortPass, 'short\n');
    const out = join(dir, 'short.pem');
    const r = runSigner(['keygen', '--scheme', 'ed25519', '--out', out, '--passphrase-file', shortPass]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/passphrase must be at least 8 characters/);
    expect(() => readFileSync(out)).toThrow();
  });
});

