// A second real PKCS#11 module, OpenSC (installed with SoftHSM2's tools in CI), with no card
// plugged in: found by discovery, loaded, and reported as "no token" rather than as an error.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverModules } from '../../main/core/tokens/discovery.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture } from '../helpers/fixtures.js';
import { requireSystemDependency } from '../helpers/system-deps.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const opensc = discoverModules().find((m) => m.kind === 'opensc')?.path;
const hasOpensc = requireSystemDependency('OpenSC (opensc-pkcs11.so)', opensc !== undefined, 'apt-get install opensc');

describe.skipIf(!hasOpensc)('OpenSC as the PKCS#11 module, with no card in any reader', () => {
  let work: string;
  beforeAll(() => {
    ensureCliBuilt();
    work = mkdtempSync(join(tmpdir(), 'rstuf-opensc-'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('tokens finds and loads it and says no token is plugged in', () => {
    const r = runSigner(['tokens', '--module', opensc as string]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`OpenSC (smart cards, Nitrokey, YubiKey), chosen: ${opensc}\n  no token plugged in\n`);
  });

  it('sign says to plug the key in, and writes nothing', () => {
    writeFileSync(join(work, 'pin'), '123456\n');
    const r = runSigner(['sign', cliFixture('ceremony.json'), '--pkcs11-module', opensc as string, '--pin-file', 'pin', '--out', 'out.json'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`rstuf-signer: no token is plugged in for module ${opensc}; plug the key in and try again\n`);
    expect(readdirSync(work)).toEqual(['pin']);
  });
});
