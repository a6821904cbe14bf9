// securesystemslib 1.2 for the interop tests: Debian trixie's .deb extracted by
// scripts/ci/securesystemslib-1.2.sh into .cache/sslib-1.2/, run by bookworm's /usr/bin/python3
// through test/interop/p521-check.py.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_PYTHON } from '../helpers/python-sslib.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { requireSystemDependency } from '../helpers/system-deps.js';

export const SSLIB12_SCRIPT = 'scripts/ci/securesystemslib-1.2.sh';
export const SSLIB12_DIR = join(REPO_ROOT, '.cache/sslib-1.2');
export const SSLIB12_SITE = join(SSLIB12_DIR, 'usr/lib/python3/dist-packages');
const CHECK = join(REPO_ROOT, 'test/interop/p521-check.py');
// PYTHONPATH puts the extract before bookworm's 0.26; no user site-packages in between.
export const SSLIB12_ENV = { ...process.env, PYTHONPATH: SSLIB12_SITE, PYTHONNOUSERSITE: '1' };

/**
 * securesystemslib 1.2 importable by /usr/bin/python3 from the extract. On a clean clone the setup
 * runs the (idempotent, sha256-pinned) script first. Missing afterwards: fails under CI=true, skips locally.
 */
export function sslib12Available(): boolean {
  let why = '';
  if (!existsSync(join(SSLIB12_DIR, '.extracted-sha256'))) {
    const run = spawnSync('bash', [join(REPO_ROOT, SSLIB12_SCRIPT)], { encoding: 'utf8', timeout: 180_000 });
    if (run.status !== 0) why = `; it failed here: ${(run.stderr || run.error?.message || '').trim()}`;
  }
  const probe = spawnSync(SYSTEM_PYTHON, [CHECK, '--version'], { env: SSLIB12_ENV, encoding: 'utf8' });
  if (probe.status !== 0 && !why) why = `; ${probe.stderr.trim()}`;
  return requireSystemDependency(`securesystemslib 1.2 in ${SSLIB12_SITE}`, probe.status === 0, `run ${SSLIB12_SCRIPT}${why}`);
}

export interface Sslib12Signature {
  keyid: string;
  scheme: string;
  keyid_matches: boolean;
  same_key_as_sslib_writes_it: boolean;
  /** null: verified; else the exception securesystemslib raised. */
  error: string | null;
  tampered_document_error: string | null;
  tampered_signature_error: string | null;
}

/** securesystemslib 1.2's verdict on the metadata at `path` in `file`, read by python itself. */
export function sslib12Check(file: string, path: string[]): { module: string; canonical: Buffer; signatures: Sslib12Signature[] } {
  const r = spawnSync(SYSTEM_PYTHON, [CHECK], { env: SSLIB12_ENV, input: JSON.stringify({ file, path }), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`p521-check.py failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { module: string; canonical_b64: string; signatures: Sslib12Signature[] };
  return { module: out.module, canonical: Buffer.from(out.canonical_b64, 'base64'), signatures: out.signatures };
}

/** What securesystemslib 1.2 must say about a good signature of ours. */
export const verifiedBySslib12 = (keyid: string, scheme: string): Sslib12Signature => ({
  keyid,
  scheme,
  keyid_matches: true,
  same_key_as_sslib_writes_it: true,
  error: null,
  tampered_document_error: 'UnverifiedSignatureError',
  tampered_signature_error: 'UnverifiedSignatureError',
});
