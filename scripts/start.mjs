// npm start: the Electron app where the Electron binary exists; otherwise the browser shell
// (the same renderer and dispatcher on 127.0.0.1, see docs/desktop-app.md). Arguments after
// `npm start --` go to whichever starts (both take --data-dir DIR).
//
// Never `require('electron')` to find the binary (it would download it): see main/core/platform/electron-binary.ts.
import { spawn } from 'node:child_process';
import { findElectronBinary } from '../out/main/core/platform/electron-binary.js';

const electron = process.env.RSTUF_FORCE_BROWSER_SHELL === '1' ? undefined : findElectronBinary();
if (electron) {
  const child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not found: starting the browser shell.');
  const { startBrowserShell } = await import('../out/main/shells/browser/start.js');
  await startBrowserShell(process.argv.slice(2));
}
