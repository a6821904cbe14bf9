// System dependencies of some suites (Chromium, SoftHSM2, python3-securesystemslib).
// Locally a missing one skips the suite with a reason; under CI=true it fails, never skips.
import { existsSync } from 'node:fs';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Returns true when present. When absent: throws in CI, returns false (caller skips) locally. */
export function requireSystemDependency(name: string, present: boolean, installHint: string): boolean {
  if (present) return true;
  const message = `${name} is missing (${installHint})`;
  if (IN_CI) throw new Error(`${message}: required in CI`);
  console.warn(`skipping: ${message}`);
  return false;
}

export const fileExists = (p: string): boolean => existsSync(p);
