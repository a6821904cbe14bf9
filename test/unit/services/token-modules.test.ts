// A PKCS#11 module chosen in the app (issue 16, Tokens): main's dialog picks it, main checks it is a
// module file, remembers it in the data folder, and lists tokens with it from then on.
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import { ChosenModules } from '../../../main/services/token-modules.js';
import { discoverModules } from '../../../main/core/tokens/discovery.js';
import { freshTestAppPerTest, ipcError, ipcValue } from '../../helpers/desktop-app.js';

const currentApp = freshTestAppPerTest();

describe('choosing a PKCS#11 module in the app', () => {
  it('offers shared objects only, refuses what is not a module file, and remembers a module for the next start', async () => {
    const app = currentApp();
    expect(ipcError(await app.call(CHANNELS.tokensChooseModule))?.code).toBe('CANCELLED');
    expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'openFile', title: 'Choose a PKCS#11 module' });

    const notModule = join(app.root, 'notes.txt');
    writeFileSync(notModule, 'x');
    app.dialogs.nextOpen = notModule;
    expect(ipcError(await app.call(CHANNELS.tokensChooseModule))).toMatchObject({ code: 'TOKEN_MODULE_UNAVAILABLE', message: expect.stringContaining('notes.txt is not a PKCS#11 module') });
    app.dialogs.nextOpen = app.root;
    expect(ipcError(await app.call(CHANNELS.tokensChooseModule))?.code).toBe('TOKEN_MODULE_UNAVAILABLE');
    expect(existsSync(join(app.root, 'data', 'pkcs11-modules.json'))).toBe(false);

    // A module file (here a stand-in that cannot load: the list then says why, and nothing breaks).
    const module = join(app.root, 'vendor-pkcs11.so');
    writeFileSync(module, 'not really a shared object');
    app.dialogs.nextOpen = module;
    const list = ipcValue(await app.call(CHANNELS.tokensChooseModule));
    expect(list).toHaveProperty('tokens');
    expect(JSON.stringify(list)).not.toContain(app.root);
    expect(new ChosenModules(join(app.root, 'data', 'pkcs11-modules.json')).list()).toEqual([module]);
    // Discovery puts it first, so the next listing (and the next start) loads it.
    expect(discoverModules({ userPaths: new ChosenModules(join(app.root, 'data', 'pkcs11-modules.json')).list() })[0]?.path).toBe(module);
  });

  it('remembers a module once, keeps a link as chosen, and reads a damaged file as none', () => {
    const app = currentApp();
    const file = join(app.root, 'modules.json');
    const modules = new ChosenModules(file);
    const real = join(app.root, 'libykcs11.so.2');
    writeFileSync(real, 'x');
    const link = join(app.root, 'yubikey.so');
    symlinkSync(real, link);
    modules.add(real);
    modules.add(real);
    modules.add(link);
    expect(modules.list()).toEqual([real, link]);
    writeFileSync(file, '{not json');
    expect(modules.list()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('{not json');
  });
});
