// Builds the renderer (renderer/) into out/renderer for Electron's app:// protocol and the browser shell.
// Relative asset paths so the same files load from app://signer/ and from http://127.0.0.1:<port>/;
// no inline scripts or styles, so the strict CSP in index.html (script-src 'self', style-src 'self') holds.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  // JSX through Vite's built-in oxc transform (React 19 automatic runtime): no extra plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // The modulepreload polyfill would be injected as an inline script, which our CSP forbids.
    modulePreload: { polyfill: false },
    // Never turn assets into data: URLs or inline blobs; everything is a file served from 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
