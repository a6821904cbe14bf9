// Builds renderer/ into out/renderer with Vite (vite.renderer.config.ts), then checks the output holds
// no inline <script> or <style>, which the strict CSP would block at run time.
import { readFileSync } from 'node:fs';
import { build } from 'vite';

await build({ configFile: 'vite.renderer.config.ts', mode: 'production' });

const html = readFileSync('out/renderer/index.html', 'utf8');
const inlineScript = /<script(?![^>]*\bsrc=)[^>]*>/i.exec(html);
const inlineStyle = /<style[\s>]/i.exec(html) ?? /\sstyle=/i.exec(html);
if (inlineScript || inlineStyle) {
  console.error(`out/renderer/index.html has inline ${inlineScript ? 'script' : 'style'}: the CSP forbids it`);
  process.exit(1);
}
if (/src="\/|href="\//.test(html)) {
  console.error('out/renderer/index.html uses absolute asset paths: they must be relative (app:// and 127.0.0.1 both serve it)');
  process.exit(1);
}
