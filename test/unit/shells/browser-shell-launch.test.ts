// How the browser shell hands Chromium its address: the per-launch token must not be on Chromium's
// command line, which every local user can read (ps, /proc/PID/cmdline) and which would give them
// the whole IPC API. Chromium opens a launch page in the private data dir instead.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromiumLaunch, startupMessage } from '../../../main/shells/browser/start.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-launch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'Zm9vYmFyYmF6cXV4LXRva2VuLWZvci10ZXN0cy0xMjM0NTY';
const URL_WITH_TOKEN = `http://127.0.0.1:41234/index.html#token=${TOKEN}`;

describe('chromiumLaunch', () => {
  it('keeps the token off the command line', () => {
    const { args } = chromiumLaunch(URL_WITH_TOKEN, dir);
    expect(args.join(' ')).not.toContain(TOKEN);
    expect(args).toContain('--disable-background-networking');
  });

  it('opens a launch page readable by this user only, which forwards to the address with the token', () => {
    const { args, launchPage } = chromiumLaunch(URL_WITH_TOKEN, dir);
    const app = args.find((a) => a.startsWith('--app='))!.slice('--app='.length);
    expect(fileURLToPath(app)).toBe(launchPage);
    expect(statSync(launchPage).mode & 0o077).toBe(0);
    const html = readFileSync(launchPage, 'utf8');
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${URL_WITH_TOKEN}"`);
    expect(html).toContain('<meta name="referrer" content="no-referrer"');
  });

  it('puts the profile in the data dir, not in a shared place', () => {
    const { args } = chromiumLaunch(URL_WITH_TOKEN, dir);
    expect(args).toContain(`--user-data-dir=${join(dir, 'chromium-profile')}`);
  });
});

describe('startupMessage', () => {
  // What npm start prints can end up in logs (a desktop launcher's session log, journald).
  it('leaves the token out when Chromium was opened on it', () => {
    const text = startupMessage(URL_WITH_TOKEN, '/home/alice/.local/share/rstuf-offline-signer', true);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('127.0.0.1 only');
  });

  it('prints the address with the token when the holder has to open it', () => {
    expect(startupMessage(URL_WITH_TOKEN, '/data', false)).toContain(`Open: ${URL_WITH_TOKEN}`);
  });
});
