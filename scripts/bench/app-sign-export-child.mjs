// The app's sign and export of one input, through the same app services the UI calls over IPC
// (main/services/services.ts), beside the CLI's whole pipeline (pipeline-child.mjs): import,
// review.get, keys.chooseKeyFile, sign.withKeyFile, export. Each phase is timed from the call to
// its answer (the dispatcher's response check included), and the bytes the export wrote are
// counted, so a payload that grows on its way through the app shows.
// argv: <compiled out dir> <input.json> <unencrypted signer key.pem>
// Prints one JSON line: {phases: {name: ms}, inputBytes, exportedBytes, files, maxRssKb, cpuMs}.

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, input, keyPath] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(outDir, rel)).href);
const [{ createAppServices }, { CHANNEL_SCHEMAS }] = await Promise.all([load('main/services/services.js'), load('shared/ipc/contract.js')]);

const work = mkdtempSync(join(tmpdir(), 'rstuf-bench-app-sign-'));
try {
  const opens = [input, keyPath];
  const usb = join(work, 'usb');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(usb);
  // The holder picks the input, then the key; exports to `usb`; says yes to main's confirmation.
  const dialogs = { openFile: async () => opens.shift() ?? null, openFolder: async () => null, chooseFolder: async () => usb, saveFile: async () => null, questions: 'page', confirm: async () => true, askSecret: async () => null };
  const services = createAppServices({ dataDir: join(work, 'data'), dialogs, shell: 'test' });
  const phases = {};
  let mark = performance.now();
  const timed = async (name, channel, call) => {
    const answer = await call();
    CHANNEL_SCHEMAS[channel].response.parse(answer);
    const now = performance.now();
    phases[name] = now - mark;
    mark = now;
    return answer;
  };
  const item = await timed('import', 'workspaceImportWithDialog', () => services.workspaceImportWithDialog({ pick: 'file' }));
  const model = await timed('review.get', 'reviewGet', () => services.reviewGet({ itemId: item.id }));
  const key = await timed('choose key', 'keysChooseKeyFile', () => services.keysChooseKeyFile());
  const reviewed = model.roles.map((r) => ({ role: r.role, sha256: r.sha256 }));
  await timed('sign', 'signWithKeyFile', () => services.signWithKeyFile({ itemId: item.id, reviewed, keyFileRef: key.keyFileRef }));
  const exported = await timed('export', 'exportItem', () => services.exportItem({ itemId: item.id }));
  const folder = join(usb, exported.destinationName);
  const files = readdirSync(folder).map((name) => ({ name, bytes: statSync(join(folder, name)).size }));
  process.stdout.write(
    `${JSON.stringify({
      phases,
      inputBytes: statSync(input).size,
      exportedBytes: files.reduce((n, f) => n + f.bytes, 0),
      files,
      maxRssKb: process.resourceUsage().maxRSS,
      cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    })}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
