// Builds renderer/ into out/renderer with Vite (placeholder until the renderer exists).
import { existsSync } from 'node:fs';
if (!existsSync('renderer/index.html')) {
  console.log('renderer: nothing to build yet');
  process.exit(0);
}
const { build } = await import('vite');
await build({ configFile: 'vite.renderer.config.ts' });
