// A named pipe on the USB stick (or anywhere a holder can point a dialog) must never freeze main:
// every chosen file is opened without blocking and read only when it is a regular file, and the
// browser shell's chooser does not offer one. Each call below would hang forever on a blocking open.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../../shared/ipc/channels.js';
import type { ChooserView } from '../../../../shared/ipc/schemas.js';
import { readRegularFile } from '../../../../main/core/platform/read-file.js';
import { loadDocumentFile } from '../../../../main/core/tuf/load-document.js';
import { importBundleOrFile } from '../../../../main/core/exchange/bundle.js';
import { readPublicKeyFile } from '../../../../main/core/keys/public-key-file.js';
import { ChooserDialogs } from '../../../../main/shells/browser/chooser.js';
import { makeTestApp } from '../../../helpers/desktop-app.js';

const dir = mkdtempSync(join(tmpdir(), 'rstuf-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const usb = join(dir, 'usb');
mkdirSync(usb);
const fifo = join(usb, 'sign-pending.json');
execFileSync('mkfifo', [fifo]);

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  return 'no error';
};

describe('a named pipe where a file is expected', () => {
  it('is refused, unread, by the one file reader and everything that reads through it', () => {
    expect(code(() => readRegularFile(fifo, { label: 'sign-pending.json', maxBytes: 1024, tooLarge: () => 'too large' }))).toBe(
      'INPUT_UNREADABLE: sign-pending.json is not a regular file (a named pipe, a device or a socket); nothing was read from it',
    );
    expect(code(() => loadDocumentFile(fifo))).toMatch(/^INPUT_UNREADABLE: .*not a regular file/);
    expect(code(() => importBundleOrFile(fifo))).toMatch(/^INPUT_UNREADABLE: .*not a regular file/);
    expect(code(() => readPublicKeyFile(fifo))).toMatch(/^KEY_UNREADABLE: .*not a regular file/);
  });

  it('is refused by the app\'s import and key-file choice, and main answers the next call', async () => {
    const app = makeTestApp();
    try {
      app.dialogs.nextOpen = fifo;
      const imported = await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' });
      expect(imported.ok).toBe(false);
      if (!imported.ok) expect(imported.error.code).toBe('INPUT_UNREADABLE');
      app.dialogs.nextOpen = fifo;
      const key = await app.call(CHANNELS.keysChooseKeyFile, undefined);
      expect(key.ok).toBe(false);
      if (!key.ok) expect(key.error.code).toBe('KEY_UNREADABLE');
      expect((await app.call(CHANNELS.workspaceList, undefined)).ok).toBe(true);
    } finally {
      app.cleanup();
    }
  });

  it('is not offered by the browser shell\'s chooser', () => {
    const views: ChooserView[] = [];
    const chooser = new ChooserDialogs({ root: dir, events: (_e, payload) => views.push(payload as ChooserView) });
    void chooser.openFile({ title: 'Import' });
    const last = () => views[views.length - 1]!;
    chooser.navigate({ chooserId: last().chooserId, entryId: last().entries.find((e) => e.name === 'usb')!.entryId });
    expect(last().entries.map((e) => e.name)).not.toContain('sign-pending.json');
  });
});
