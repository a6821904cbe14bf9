// The browser shell's main-side chooser: ids instead of paths, confined to its folder tree.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChooserView } from '../../../shared/ipc/schemas.js';
import { ChooserDialogs } from '../../../main/shells/browser/chooser.js';

let dir: string;
let root: string;
let views: ChooserView[];
let chooser: ChooserDialogs;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-chooser-'));
  root = join(dir, 'home');
  mkdirSync(join(root, 'usb', 'bundle'), { recursive: true });
  writeFileSync(join(root, 'usb', 'sign.json'), '{}');
  writeFileSync(join(root, '.hidden'), 'x');
  writeFileSync(join(dir, 'outside.json'), '{}');
  symlinkSync(join(dir, 'outside.json'), join(root, 'escape.json'));
  symlinkSync(dir, join(root, 'up'));
  views = [];
  chooser = new ChooserDialogs({ root, events: (_e, payload) => views.push(payload as ChooserView) });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const last = () => views[views.length - 1]!;
const entry = (name: string) => last().entries.find((e) => e.name === name)!;

describe('ChooserDialogs', () => {
  it('lists the root without hidden files or links that leave it', async () => {
    void chooser.openFile({ title: 'Import' });
    expect(last()).toMatchObject({ mode: 'open-file', title: 'Import', location: 'home' });
    expect(last().entries.map((e) => e.name)).toEqual(['usb']);
    expect(JSON.stringify(last())).not.toContain(dir);
  });

  it('navigates by entry id and resolves the chosen file to its path', async () => {
    const picked = chooser.openFile({ title: 'Import' });
    chooser.navigate({ chooserId: last().chooserId, entryId: entry('usb').entryId });
    expect(last().location).toBe('home/usb');
    expect(last().entries.map((e) => [e.name, e.kind])).toEqual([['..', 'parent'], ['bundle', 'folder'], ['sign.json', 'file']]);
    chooser.choose({ chooserId: last().chooserId, entryId: entry('sign.json').entryId });
    expect(await picked).toBe(join(root, 'usb', 'sign.json'));
  });

  it('opens a save where main says (a new key: the data folder), not where the last export went', async () => {
    const exportTo = chooser.chooseFolder({ title: 'Export' });
    chooser.navigate({ chooserId: last().chooserId, entryId: entry('usb').entryId });
    chooser.choose({ chooserId: last().chooserId });
    await exportTo;
    mkdirSync(join(root, 'data', 'keys'), { recursive: true });
    void chooser.saveFile({ title: 'Save the key', defaultName: 'a.key', startIn: join(root, 'data', 'keys') });
    expect(last().location).toBe('home/data/keys');
    // A folder outside the chooser's tree is not shown: the last folder is used instead.
    void chooser.saveFile({ title: 'Save the key', defaultName: 'a.key', startIn: dir });
    expect(last().location).toBe('home/usb');
  });

  it('never goes above its root (no parent entry there)', () => {
    void chooser.openFolder({ title: 'Open bundle' });
    expect(last().entries.some((e) => e.kind === 'parent')).toBe(false);
  });

  it('refuses ids of an older view and of another chooser', () => {
    void chooser.openFile({ title: 'Import' });
    const first = last();
    const usb = entry('usb');
    chooser.navigate({ chooserId: first.chooserId, entryId: usb.entryId });
    expect(() => chooser.navigate({ chooserId: first.chooserId, entryId: usb.entryId })).toThrow(/no longer listed/);
    expect(() => chooser.choose({ chooserId: `chooser-${'0'.repeat(32)}`, entryId: usb.entryId })).toThrow(/already closed/);
  });

  it('saves under the current folder with the typed name', async () => {
    const picked = chooser.saveFile({ title: 'Save key', defaultName: 'alice.key' });
    expect(last().suggestedName).toBe('alice.key');
    chooser.navigate({ chooserId: last().chooserId, entryId: entry('usb').entryId });
    chooser.choose({ chooserId: last().chooserId, fileName: 'alice.key' });
    expect(await picked).toBe(join(root, 'usb', 'alice.key'));
  });

  it('chooses the current folder for an export destination', async () => {
    const picked = chooser.chooseFolder({ title: 'Export to' });
    expect(last().entries.every((e) => e.kind !== 'file')).toBe(true);
    chooser.navigate({ chooserId: last().chooserId, entryId: entry('usb').entryId });
    chooser.choose({ chooserId: last().chooserId });
    expect(await picked).toBe(join(root, 'usb'));
  });

  it('resolves null on cancel, and a new dialog cancels the previous one', async () => {
    const first = chooser.openFile({ title: 'A' });
    const second = chooser.openFile({ title: 'B' });
    expect(await first).toBeNull();
    chooser.cancel({ chooserId: last().chooserId });
    expect(await second).toBeNull();
  });

  it('refuses a file where a folder is wanted and vice versa', () => {
    void chooser.openFile({ title: 'Import' });
    expect(() => chooser.choose({ chooserId: last().chooserId, entryId: entry('usb').entryId })).toThrow(/choose a file/);
  });
});
