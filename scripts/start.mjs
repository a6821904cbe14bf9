// npm start: the Electron app where the Electron binary exists; otherwise the browser shell
// (the same renderer and dispatcher on 127.0.0.1, see docs/desktop-app.md). Arguments after
// `npm start --` go to the browser shell.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

function electronBinary() {
  try {
    // The electron package exports the binary's path; it throws if the binary was never downloaded.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = process.env.RSTUF_FORCE_BROWSER_SHELL === '1' ? undefined : electronBinary();
if (electron) {
  const child = spawn(electron, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not found: starting the browser shell.');
  const { startBrowserShell } = await import('../out/main/browser-shell/start.js');
  await startBrowserShell(process.argv.slice(2));
}
