// Reading a drag-and-drop into what main needs: the walker for dropped bundle folders (nested,
// read in batches as Chromium delivers them), the limits, and the messages for what cannot be used.
import { describe, expect, it } from 'vitest';
import { bytesToBase64, DROP_LIMITS, DropError, readDrop } from '../../renderer/src/features/home/drop.js';

type FakeEntry = { isFile: boolean; isDirectory: boolean; name: string; file?: (ok: (f: File) => void) => void; createReader?: () => { readEntries: (ok: (e: FakeEntry[]) => void) => void } };

const fileEntry = (name: string, content: string): FakeEntry => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File([content], name)) });

/** A directory whose reader hands out entries two at a time, then an empty batch (as readEntries does). */
function dirEntry(name: string, children: FakeEntry[]): FakeEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok) => {
          const batch = children.slice(at, at + 2);
          at += batch.length;
          ok(batch);
        },
      };
    },
  };
}

function transfer(entries: (FakeEntry | null)[], files: File[] = []): DataTransfer {
  return { items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })), files } as unknown as DataTransfer;
}

const decode = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe('readDrop', () => {
  it('walks a dropped bundle folder, nested folders included, with paths relative to it', async () => {
    const bundle = dirEntry('rstuf-bundle', [fileEntry('manifest.json', '{"m":1}'), fileEntry('sign-pending.json', '{"data":{}}'), dirEntry('signatures', [fileEntry('sign-payload-root.json', '{"role":"root"}')])]);
    const content = await readDrop(transfer([bundle]));
    expect(content.folderName).toBe('rstuf-bundle');
    expect(content.files.map((f) => [f.path, decode(f.contentBase64)])).toEqual([
      ['manifest.json', '{"m":1}'],
      ['sign-pending.json', '{"data":{}}'],
      ['signatures/sign-payload-root.json', '{"role":"root"}'],
    ]);
  });

  it('takes dropped files by name when no folder was dropped', async () => {
    const file = new File(['{"signed":{}}'], 'root.json');
    const content = await readDrop(transfer([fileEntry('root.json', '{"signed":{}}')], [file]));
    expect(content.folderName).toBeUndefined();
    expect(content.files).toEqual([{ path: 'root.json', contentBase64: btoa('{"signed":{}}') }]);
  });

  it('says what is wrong with an empty folder, several folders, or nothing usable', async () => {
    await expect(readDrop(transfer([dirEntry('empty', [])]))).rejects.toThrow(new DropError('the dropped folder "empty" is empty'));
    await expect(readDrop(transfer([dirEntry('a', [fileEntry('x', '1')]), dirEntry('b', [])]))).rejects.toThrow('drop one bundle folder, or RSTUF files, not several folders');
    await expect(readDrop(transfer([]))).rejects.toThrow('nothing was dropped that the signer can read');
  });

  it('refuses a folder with more files than a bundle ever has', async () => {
    const many = Array.from({ length: DROP_LIMITS.files + 2 }, (_, i) => fileEntry(`f${i}.json`, '{}'));
    await expect(readDrop(transfer([dirEntry('huge', many)]))).rejects.toThrow(`more than ${DROP_LIMITS.files} files`);
  });

  it('encodes bytes as base64 across chunk boundaries', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i % 256);
    const decoded = Uint8Array.from(atob(bytesToBase64(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});
