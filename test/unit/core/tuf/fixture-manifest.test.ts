// The RSTUF fixtures the suite relies on are exact copies of RSTUF's files: every entry of
// MANIFEST.tsv is present with its recorded sha256, so a test can never pass on an edited fixture.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../helpers/fixtures.js';

const rows = readFileSync(join(FIXTURES_DIR, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([file, , , , , sha256]) => ({ file: file as string, sha256: sha256 as string }));

describe('RSTUF fixtures', () => {
  it('lists the files the suite uses', () => {
    expect(rows.map((r) => r.file)).toEqual(expect.arrayContaining(['repository-service-tuf-cli__sign.json', 'repository-service-tuf-cli__JH.ed25519', 'repository-service-tuf-api__swagger.json']));
  });
  it.each(rows)('$file matches the sha256 in MANIFEST.tsv', ({ file, sha256 }) => {
    expect(createHash('sha256').update(readFileSync(join(FIXTURES_DIR, file))).digest('hex')).toBe(sha256);
  });
});
