// "Review first render ready": what the Review screen waits for before its first paint, measured
// in-process through the same app services the UI calls over IPC (main/services/services.ts):
// signer:workspace.import (the file chosen in the dialog) then signer:review.get. The timer starts
// when the import starts (modules already loaded, as in the running app) and stops when review.get
// has answered with the model the screen renders first (no signature status yet); checkedMs is when
// the full review with the signature status has answered. The dispatcher's response check (zod, the
// same schema main/services applies) is included.
// argv: <compiled out dir> <input.json>
// Prints one JSON line: {phases: {name: ms}, readyMs, checkedMs, roles, maxRssKb, cpuMs}.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, input] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(outDir, rel)).href);

const started = performance.now();
const [{ createAppServices }, { CHANNEL_SCHEMAS }] = await Promise.all([
  load('main/services/services.js'),
  load('shared/ipc/contract.js'),
]);
const modulesMs = performance.now() - started;

const dataDir = mkdtempSync(join(tmpdir(), 'rstuf-bench-app-'));
try {
  // The holder picks `input` in the first open dialog; every other dialog is cancelled.
  const dialogs = { openFile: async () => input, openFolder: async () => null, chooseFolder: async () => null, saveFile: async () => null, questions: 'page', confirm: async () => true, askSecret: async () => null };
  const services = createAppServices({ dataDir, dialogs, shell: 'test' });
  const phases = { modules: modulesMs };
  let mark = performance.now();
  const t0 = mark;
  const lap = (name) => {
    const now = performance.now();
    phases[name] = now - mark;
    mark = now;
  };
  const item = await services.workspaceImportWithDialog({ pick: 'file' });
  lap('workspace.import');
  // What the Review screen asks first (renderer/src/stores/review.ts): everything but the
  // signature status, then the full review with it.
  const model = await services.reviewGet({ itemId: item.id, firstScreen: true });
  // main/services/dispatcher.ts checks every response against the contract before it crosses IPC.
  CHANNEL_SCHEMAS.reviewGet.response.parse(model);
  lap('review.get (first screen)');
  const readyMs = performance.now() - t0;
  CHANNEL_SCHEMAS.reviewGet.response.parse(await services.reviewGet({ itemId: item.id }));
  lap('review.get (signature status, after)');
  const checkedMs = performance.now() - t0;
  // The first page of the artifact browser, which the screen asks for only when the holder opens it.
  const role = model.roles.find((r) => r.type === 'targets');
  if (role) {
    await services.reviewArtifacts({ itemId: item.id, role: role.role, page: 1, pageSize: 100, include: 'all' });
    lap('first artifact page (on demand)');
  }
  process.stdout.write(
    `${JSON.stringify({
      phases,
      readyMs,
      checkedMs,
      roles: model.roles.length,
      maxRssKb: process.resourceUsage().maxRSS,
      cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    })}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
