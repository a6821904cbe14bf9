// npm start: the Electron app where the Electron binary exists; otherwise the browser shell
// (the same renderer and dispatcher on 127.0.0.1, see docs/desktop-app.md). Arguments after
// `npm start --` go to the browser shell.
//
// Never `require('electron')` to find the binary: since Electron 3x that call DOWNLOADS the binary
// when it is missing, i.e. a network request from an air-gapped tool. The lookup below reads the
// same path.txt without ever downloading.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary(env = process.env) {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const full = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron') : executable ? join(dir, 'dist', executable) : undefined;
  return full && existsSync(full) ? full : undefined;
}

const electron = process.env.RSTUF_FORCE_BROWSER_SHELL === '1' ? undefined : findElectronBinary();
if (electron) {
  const child = spawn(electron, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not found: starting the browser shell.');
  const { startBrowserShell } = await import('../out/main/browser-shell/start.js');
  await startBrowserShell(process.argv.slice(2));
}
