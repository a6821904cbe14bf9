// A real PKCS#11 token for the hsm suites: SoftHSM2 with its token store in a temp folder
// (SOFTHSM2_CONF), keys generated on it by OpenSC's pkcs11-tool, and their public keys read back
// by pkcs11-tool too, so the TUF keys the tests put in metadata never come from the code under test.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TufKey } from '../../shared/tuf/types.js';
import { tufKeyFromKeyObject } from '../../main/core/tuf/tuf-keys.js';
import { requireSystemDependency } from './system-deps.js';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

const onPath = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** SoftHSM2 and pkcs11-tool present; locally a missing one skips, under CI=true it fails. */
export function softHsmAvailable(): boolean {
  return requireSystemDependency(
    'SoftHSM2 with OpenSC pkcs11-tool',
    existsSync(SOFTHSM_MODULE) && onPath('softhsm2-util') && onPath('pkcs11-tool'),
    'apt-get install softhsm2 opensc',
  );
}

export type HsmKeyName = 'p256' | 'p384' | 'rsa' | 'ed25519';

const KEY_TYPES: Record<HsmKeyName, string> = { p256: 'EC:prime256v1', p384: 'EC:secp384r1', rsa: 'rsa:3072', ed25519: 'EC:edwards25519' };

export interface HsmKey {
  name: HsmKeyName;
  /** CKA_ID in hex. */
  id: string;
  label: string;
  /** The public key as pkcs11-tool exports it, in securesystemslib's TUF form. */
  tufKey: TufKey;
}

export interface SoftHsmToken {
  dir: string;
  conf: string;
  env: Record<string, string>;
  label: string;
  serial: string;
  pin: string;
  keys: Record<HsmKeyName, HsmKey>;
  /**
   * Puts an existing key on the token the way a YubiKey PIV slot looks to PKCS#11 without a public
   * key object: the private key and its X.509 certificate under one CKA_ID.
   */
  importKeyWithCertificate(options: { privateKeyPem: string; password: string; certificatePem: string; id: string; label: string }): void;
  /** Writes the PIN to a file (as --pin-file wants) and returns its path. */
  pinFile(pin?: string): string;
  cleanup(): void;
}

function run(command: string, args: string[], env: Record<string, string>): string {
  const r = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function readPublicKey(base: string[], id: string, out: string, env: Record<string, string>): KeyObject {
  run('pkcs11-tool', [...base, '--read-object', '--type', 'pubkey', '--id', id, '-o', out], env);
  const bytes = readFileSync(out);
  return bytes.subarray(0, 5).toString() === '-----' ? createPublicKey(bytes.toString()) : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
}

/**
 * OpenSC 0.23's --read-object cannot export P-384 public keys ("cannot create EVP_PKEY"), so take
 * the EC_POINT it prints in --list-objects (a DER OCTET STRING around the 97-byte point) and wrap
 * it in the fixed SubjectPublicKeyInfo header for P-384.
 */
function p384FromListing(listing: string, label: string): KeyObject {
  const block = listing.split(/\n(?=Public Key Object)/).find((b) => b.includes(`label:      ${label}\n`));
  const point = block && /EC_POINT:\s+0461([0-9a-f]{194})/.exec(block)?.[1];
  if (!point) throw new Error(`no P-384 EC_POINT for ${label} in:\n${listing}`);
  const spki = Buffer.concat([Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'), Buffer.from(point, 'hex')]);
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

export function createSoftHsmToken(options: { label?: string; pin?: string; keys?: HsmKeyName[] } = {}): SoftHsmToken {
  const label = options.label ?? 'rstuf-test';
  const pin = options.pin ?? '123456';
  const dir = mkdtempSync(join(tmpdir(), 'rstuf-softhsm-'));
  const tokens = join(dir, 'tokens');
  run('mkdir', ['-p', tokens], {});
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { SOFTHSM2_CONF: conf };
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '87654321'], env);
  const slots = run('softhsm2-util', ['--show-slots'], env);
  const serial = /Serial number:\s+([0-9a-f]{16})/.exec(slots)?.[1];
  if (!serial) throw new Error(`no serial in softhsm2-util output:\n${slots}`);

  const base = ['--module', SOFTHSM_MODULE, '--token-label', label];
  const keys = {} as Record<HsmKeyName, HsmKey>;
  (options.keys ?? (['p256', 'p384', 'rsa', 'ed25519'] as HsmKeyName[])).forEach((name, index) => {
    const id = (index + 1).toString(16).padStart(2, '0');
    const keyLabel = `root-${name}`;
    run('pkcs11-tool', [...base, '--login', '--pin', pin, '--keypairgen', '--key-type', KEY_TYPES[name], '--id', id, '--label', keyLabel], env);
    const publicKey = name === 'p384' ? p384FromListing(run('pkcs11-tool', [...base, '--list-objects', '--type', 'pubkey'], env), keyLabel) : readPublicKey(base, id, join(dir, `${name}.pub`), env);
    keys[name] = { name, id, label: keyLabel, tufKey: tufKeyFromKeyObject(publicKey) };
  });

  let pinFiles = 0;
  return {
    dir,
    conf,
    env,
    label,
    serial,
    pin,
    keys,
    importKeyWithCertificate({ privateKeyPem, password, certificatePem, id, label: objectLabel }) {
      const keyDer = join(dir, `import-${id}.key.der`);
      const certDer = join(dir, `import-${id}.crt.der`);
      // Node, not the openssl CLI (not in every CI image), turns the files into the DER pkcs11-tool takes.
      const privateKey = createPrivateKey({ key: readFileSync(privateKeyPem, 'utf8'), passphrase: password });
      writeFileSync(keyDer, privateKey.export({ format: 'der', type: 'pkcs8' }), { mode: 0o600 });
      writeFileSync(certDer, new X509Certificate(readFileSync(certificatePem)).raw);
      run('pkcs11-tool', [...base, '--login', '--pin', pin, '--write-object', keyDer, '--type', 'privkey', '--id', id, '--label', `Private key for ${objectLabel}`], env);
      run('pkcs11-tool', [...base, '--login', '--pin', pin, '--write-object', certDer, '--type', 'cert', '--id', id, '--label', `X.509 Certificate for ${objectLabel}`], env);
      rmSync(keyDer);
    },
    pinFile(value = pin) {
      const path = join(dir, `pin-${++pinFiles}.txt`);
      writeFileSync(path, `${value}\n`, { mode: 0o600 });
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
