// Every webPreferences value the app's security depends on, asserted one by one (house style 5.5.1).
import { describe, expect, it } from 'vitest';
import { SECURE_WEB_PREFERENCES, secureWebPreferences } from '../../main/shells/electron/security/web-preferences.js';
import { mainWindowOptions } from '../../main/shells/electron/window.js';

describe('SECURE_WEB_PREFERENCES', () => {
  it.each([
    ['sandbox', true],
    ['contextIsolation', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['enableWebSQL', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is %s', (key, value) => {
    expect(SECURE_WEB_PREFERENCES[key]).toBe(value);
  });

  it('sets no preload or devTools itself (those depend on the build)', () => {
    expect('preload' in SECURE_WEB_PREFERENCES).toBe(false);
    expect('devTools' in SECURE_WEB_PREFERENCES).toBe(false);
  });
});

describe('secureWebPreferences', () => {
  it('turns devTools off when packaged and on only when unpackaged', () => {
    expect(secureWebPreferences('/app/preload.cjs', true).devTools).toBe(false);
    expect(secureWebPreferences('/app/preload.cjs', false).devTools).toBe(true);
  });

  it('keeps every secure value and adds the preload', () => {
    const prefs = secureWebPreferences('/app/out/main/shells/electron/preload.cjs', true);
    expect(prefs).toMatchObject(SECURE_WEB_PREFERENCES);
    expect(prefs.preload).toBe('/app/out/main/shells/electron/preload.cjs');
  });
});

describe('mainWindowOptions', () => {
  it('builds the window from the secure preferences and shows it only when ready', () => {
    const options = mainWindowOptions('/p.cjs', true);
    expect(options.webPreferences).toEqual({ ...SECURE_WEB_PREFERENCES, preload: '/p.cjs', devTools: false });
    expect(options.show).toBe(false);
  });
});
