// Calls test/helpers/python-sslib-check.py: an independent implementation (Debian's
// python3-securesystemslib 0.26 and pyca/cryptography) that checks what our engine produces.
// Requests are batched into one python process per call, because starting python costs ~0.3 s.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';
import { requireSystemDependency } from './system-deps.js';

/** Debian's interpreter: the python3 on PATH may be a different one without securesystemslib. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = join(REPO_ROOT, 'test/helpers/python-sslib-check.py');

export type PythonRequest =
  | { op: 'canonical_file'; file: string; path?: (string | number)[] }
  | { op: 'canonical_text'; text: string }
  | { op: 'verify'; keyid: string; key: object; sig: string; data_b64: string }
  | { op: 'verify_ecdsa_crypto'; public_pem: string; hash: 'sha256' | 'sha384'; sig: string; data_b64: string }
  | { op: 'default_keyid'; key: object }
  | { op: 'legacy_keyid'; key: object }
  | { op: 'load_private_pem'; pem: string; password: string }
  | { op: 'legacy_encrypted_key'; keytype: 'ed25519' | 'ecdsa' | 'rsa'; password: string };

// Results are loosely typed: each test reads the fields its op returns.
export type PythonResult = Record<string, any> & { error?: string };

let available: boolean | undefined;

/**
 * True when /usr/bin/python3 can import securesystemslib. Locally a missing one skips the
 * calling suite with a warning; under CI=true it throws (see system-deps.ts).
 */
export function pythonSslibAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync(SYSTEM_PYTHON, [SCRIPT, '--version'], { encoding: 'utf8' });
    available = r.status === 0;
  }
  return requireSystemDependency('python3-securesystemslib', available, 'apt-get install python3-securesystemslib');
}

export function runPython(requests: PythonRequest[]): PythonResult[] {
  const r = spawnSync(SYSTEM_PYTHON, [SCRIPT], { input: JSON.stringify(requests), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`python-sslib-check.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PythonResult[];
}

export const toB64 = (data: Uint8Array): string => Buffer.from(data).toString('base64');
export const fromB64 = (b64: string): Buffer => Buffer.from(b64, 'base64');
