// Paths to RSTUF's own test files (test/fixtures/rstuf, see MANIFEST.tsv there).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// A copy of RSTUF's test files kept in the repository (see test/fixtures/rstuf/PROVENANCE.md).
export const FIXTURES_DIR = resolve(REPO_ROOT, 'test/fixtures/rstuf');
/** RSTUF's test keys all use this password (tests/files/README.md upstream). */
export const FIXTURE_PASSWORD = 'hunter2';

export const cliFixture = (name: string): string => join(FIXTURES_DIR, `repository-service-tuf-cli__${name}`);
export const apiFixture = (name: string): string => join(FIXTURES_DIR, `repository-service-tuf-api__${name}`);
export const readFixtureJson = <T = any>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
