// The secret prompt's sandboxed preload (see secret-window.ts): it runs in an isolated world, so the
// typed secret never exists in any page script, and it exposes nothing to the page. Bundled to
// out/main/shells/electron/secret-preload.cjs by scripts/build-preload.mjs; excluded from
// tsconfig.json like the app's preload.

import { ipcRenderer } from 'electron';
import { SECRET_ANSWER_CHANNEL, wirePrompt } from './secret-prompt-page.js';

window.addEventListener('DOMContentLoaded', () => wirePrompt(document, (answer) => ipcRenderer.send(SECRET_ANSWER_CHANNEL, answer)));
