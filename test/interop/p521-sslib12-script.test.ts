// scripts/ci/securesystemslib-1.2.sh, run from a copy in a temp folder so its .cache/ is the test's:
// a .deb with any other sha256 is refused and nothing is extracted; the pinned one is extracted once,
// imported as 1.2.0 by /usr/bin/python3, left alone on the next run, and put back when edited.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { SYSTEM_PYTHON } from '../helpers/python-sslib.js';
import { SSLIB12_SCRIPT, sslib12Available } from './p521-sslib12.js';

const PINNED = '753cfee27c7a0e3020278c6daa587060ae157d3ef4f7a7890b6611c446548230';
const DEB_NAME = 'python3-securesystemslib_1.2.0-2_all.deb';
// Also makes sure the repository's own extract (and so its checked .deb) is there.
const hasSslib12 = sslib12Available();

describe.skipIf(!hasSslib12)('scripts/ci/securesystemslib-1.2.sh', () => {
  let root: string;
  let script: string;
  // The checked .deb the repository's run kept; without it the script's own URL (deb.debian.org).
  const cachedDeb = join(REPO_ROOT, '.cache', DEB_NAME);
  const goodUrl = existsSync(cachedDeb) ? pathToFileURL(cachedDeb).href : undefined;
  const unreachable = pathToFileURL(join(tmpdir(), 'no-such-dir-sslib12', DEB_NAME)).href;

  const run = (url: string | undefined) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (url) env.SSLIB12_DEB_URL = url;
    else delete env.SSLIB12_DEB_URL;
    return spawnSync('bash', [script], { env, encoding: 'utf8', timeout: 180_000 });
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sslib12-script-'));
    mkdirSync(join(root, 'scripts/ci'), { recursive: true });
    script = join(root, SSLIB12_SCRIPT);
    copyFileSync(join(REPO_ROOT, SSLIB12_SCRIPT), script);
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('refuses a .deb whose sha256 is not the pinned one, names both hashes, and extracts and keeps nothing', () => {
    const bad = join(root, DEB_NAME);
    writeFileSync(bad, 'not the package Debian published');
    const badSha = createHash('sha256').update(readFileSync(bad)).digest('hex');
    const r = run(pathToFileURL(bad).href);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`REFUSED: sha256 of the downloaded .deb is ${badSha}, expected ${PINNED}; nothing extracted`);
    expect(r.stdout).toBe('');
    expect(existsSync(join(root, '.cache/sslib-1.2'))).toBe(false);
    expect(existsSync(join(root, '.cache', DEB_NAME))).toBe(false);
  });

  it('extracts the pinned .deb, which /usr/bin/python3 imports as 1.2.0; a second run leaves it; an edited file is put back without the network', () => {
    const site = join(root, '.cache/sslib-1.2/usr/lib/python3/dist-packages');
    const first = run(goodUrl);
    expect(first.stderr).toContain(`extracted securesystemslib 1.2.0 into ${join(root, '.cache/sslib-1.2')}`);
    expect(first.status).toBe(0);
    expect(first.stdout.trim()).toBe(site);
    const probe = spawnSync(SYSTEM_PYTHON, [join(REPO_ROOT, 'test/interop/p521-check.py'), '--version'], { env: { ...process.env, PYTHONPATH: site, PYTHONNOUSERSITE: '1' }, encoding: 'utf8' });
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe(join(site, 'securesystemslib/__init__.py'));

    // Already extracted and checked: nothing fetched (the URL would fail), nothing said.
    const second = run(unreachable);
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout.trim()).toBe(site);

    // An edited file fails the package's md5sums: extracted again from the kept, re-checked .deb.
    const formats = join(site, 'securesystemslib/formats.py');
    const original = readFileSync(formats, 'utf8');
    writeFileSync(formats, `${original}\nraise SystemExit("edited")\n`);
    const third = run(unreachable);
    expect(third.status).toBe(0);
    expect(third.stderr).not.toContain('downloading');
    expect(third.stderr).toContain('extracted securesystemslib 1.2.0');
    expect(readFileSync(formats, 'utf8')).toBe(original);
  });
});
