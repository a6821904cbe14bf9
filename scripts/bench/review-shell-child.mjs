// The app side of "review first screen in the UI": the app services and the real dispatcher behind
// the browser shell's loopback transport (main/shells/browser/server.ts), in a process of their
// own as `npm start` runs them, so the browser and whoever drives it never share main's event loop
// (a driver in this process could not see the screen while main computes the full review).
// The file dialog picks argv's input; every other dialog is cancelled.
// argv: <compiled out dir> <input.json>
// stdout: one JSON line {origin, token} once listening; then, on "report" from stdin, one JSON line
// {calls: [{channel, firstScreen, startEpochMs, endEpochMs, responseChars}], cpuMs, maxRssKb} and exit.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, input] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(outDir, rel)).href);
const [{ createAppServices }, { createDispatcher }, { startShellServer }, { EventQueue }] = await Promise.all([
  load('main/services/services.js'),
  load('main/services/dispatcher.js'),
  load('main/shells/browser/server.js'),
  load('main/shells/browser/event-queue.js'),
]);

// Wall-clock milliseconds, comparable with the page's performance.timeOrigin + performance.now().
const epochMs = () => performance.timeOrigin + performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'rstuf-bench-shell-'));
const dialogs = { openFile: async () => input, openFolder: async () => null, chooseFolder: async () => null, saveFile: async () => null, questions: 'page', confirm: async () => true, askSecret: async () => null };
const events = new EventQueue();
const services = createAppServices({ dataDir: join(workDir, 'data'), dialogs, shell: 'browser', events: events.sink });
const dispatcher = createDispatcher(services);
const calls = [];
// Each IPC call as main handles it (argument parse, service, response check); the events long-poll
// is not an IPC channel and is not listed.
const timed = {
  async handle(channel, raw) {
    const startEpochMs = epochMs();
    const result = await dispatcher.handle(channel, raw);
    const firstScreen = typeof raw === 'object' && raw !== null && raw.firstScreen === true;
    calls.push({ channel, firstScreen, startEpochMs, endEpochMs: epochMs(), responseChars: JSON.stringify(result).length });
    return result;
  },
};
// The bridge takes 16 to 128 characters of [A-Za-z0-9_-] (a shorter Math.random() token made a run fail now and then).
const token = randomBytes(24).toString('base64url');
const shell = await startShellServer({ rendererDir: join(outDir, 'renderer'), ipc: { dispatcher: timed, token, events } });
process.stdout.write(`${JSON.stringify({ origin: shell.origin, token })}\n`);

// Killed by the driver after a failure: still leave no data folder behind.
process.once('SIGTERM', () => {
  rmSync(workDir, { recursive: true, force: true });
  process.exit(1);
});
process.stdin.setEncoding('utf8');
let buffered = '';
process.stdin.on('data', async (chunk) => {
  buffered += chunk;
  if (!buffered.includes('report\n')) return;
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ calls, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS })}\n`);
  await shell.close();
  rmSync(workDir, { recursive: true, force: true });
  process.exit(0);
});
