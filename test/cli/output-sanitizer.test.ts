// One output sanitizer for every command (main/cli/run-cli.ts): a file whose names and URIs hold
// terminal escapes (ESC, CSI, OSC), C1 controls, bidi overrides and zero-width characters never
// gets one of them onto the terminal, whatever the command prints, in text or --json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';

// ESC + CSI (cursor up, erase line), OSC (set title), C1 CSI, RLO, LRI, zero-width space and joiner, BOM.
const HOSTILE = '\u001b[2A\r\u001b[2K\u001b]0;owned\u0007\u009b31m\u202e\u2066\u200b\u200d\ufeff';
// What must never reach a terminal (tab and newline are the program's own layout).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

const dir = mkdtempSync(join(tmpdir(), 'rstuf-sanitizer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { RSTUF_SIGNER_HOME: join(dir, 'home') };

/** RSTUF's ceremony.json with every key name and the online key URI made hostile (its signatures then fail, which is printed too). */
function hostileCeremony(): string {
  const doc = readFixtureJson(cliFixture('ceremony.json'));
  for (const key of Object.values(doc.metadata.root.signed.keys) as Record<string, unknown>[]) {
    key['x-rstuf-key-name'] = `Holder ${HOSTILE} name`;
    if (typeof key['x-rstuf-online-key-uri'] === 'string') key['x-rstuf-online-key-uri'] = `fn:${HOSTILE}`;
  }
  const file = join(dir, `hostile-${HOSTILE.length}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('every command prints file text without terminal controls', () => {
  const file = hostileCeremony();
  const passphrase = join(dir, 'pass.txt');
  writeFileSync(passphrase, 'hunter2\n');
  const commands: [string, string[]][] = [
    ['inspect', ['inspect', file]],
    ['inspect --json', ['inspect', file, '--json']],
    ['verify', ['verify', file]],
    ['sign', ['sign', file, '--key', cliFixture('JH.ed25519'), '--passphrase-file', passphrase, '--out', join(dir, 'signed.json')]],
    ['bundle create', ['bundle', 'create', file, '--out', join(dir, 'bundle')]],
    ['bundle verify', ['bundle', 'verify', join(dir, 'bundle')]],
    ['trust pin', ['trust', 'pin', file, '--yes']],
    ['trust show', ['trust', 'show']],
    ['audit', ['audit']],
  ];

  it.each(commands)('%s', (_name, args) => {
    const r = runSigner(args, { cwd: dir, env });
    // The command ran far enough to print the names (either stream), and crashed on nothing.
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout, `stdout of ${args.join(' ')}`).not.toMatch(FORBIDDEN);
    expect(r.stderr, `stderr of ${args.join(' ')}`).not.toMatch(FORBIDDEN);
  });

  it('shows the hostile characters as visible escapes, and --json keeps their value', () => {
    const text = runSigner(['inspect', file], { cwd: dir, env }).stdout;
    expect(text).toContain('Holder \\u001b[2A\\r\\u001b[2K');
    expect(text).toContain('\\u202e\\u2066\\u200b\\u200d\\ufeff');
    const json = JSON.parse(runSigner(['inspect', file, '--json'], { cwd: dir, env }).stdout) as { roles: { root: { keys: { name: string }[] } }[] };
    expect(json.roles[0]!.root.keys.map((k) => k.name)).toContain(`Holder ${HOSTILE} name`);
  });
});
