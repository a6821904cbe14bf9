// npm start: the Electron app where the Electron binary exists; otherwise the browser shell.
import { existsSync } from 'node:fs';
if (existsSync('out/main/browser-shell/serve.js')) {
  await import('../out/main/browser-shell/start.js');
} else {
  const { runCli } = await import('../out/main/cli/main.js');
  void runCli;
}
