// `rstuf-signer qr show --html OUT`: one self-contained page that plays the frames in a loop (for
// the online machine's browser, opened from disk). Its own CSP allows no request at all: the
// symbols are inline SVG, the player an inline script.

import { createHash } from 'node:crypto';
import { isDark, type QrMatrix } from './matrix.js';
import { QUIET_ZONE } from './png.js';

export function matrixToSvg(matrix: QrMatrix): string {
  const side = matrix.size + 2 * QUIET_ZONE;
  let path = '';
  for (let y = 0; y < matrix.size; y += 1) {
    for (let x = 0; x < matrix.size; x += 1) if (isDark(matrix, x, y)) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function framesPage(options: { title: string; sha256: string; bytes: number; matrices: QrMatrix[]; frameMs: number }): string {
  const script = `(function(){var f=document.querySelectorAll('.frame'),n=document.getElementById('n'),i=0,p=false;function s(k){f[i].hidden=true;i=(k+f.length)%f.length;f[i].hidden=false;n.textContent='Frame '+(i+1)+' of '+f.length;}document.getElementById('pause').onclick=function(){p=!p;this.textContent=p?'Play':'Pause';};document.getElementById('next').onclick=function(){s(i+1);};setInterval(function(){if(!p&&f.length>1)s(i+1);},${Math.round(options.frameMs)});})();`;
  const style = 'body{font-family:sans-serif;text-align:center;margin:1em}.frame svg{width:min(90vmin,720px);height:auto}button{font-size:1.1em;margin:.3em}';
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const csp = `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'`;
  const frames = options.matrices.map((m, i) => `<div class="frame"${i === 0 ? '' : ' hidden'}>${matrixToSvg(m)}</div>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>${escapeHtml(options.title)}</title><style>${style}</style></head>
<body><h1>${escapeHtml(options.title)}</h1>
<p>${options.bytes} bytes, sha256 <code>${options.sha256}</code>. Point the offline laptop's camera (Scan screen) at the code until every part is read.</p>
<p id="n">Frame 1 of ${options.matrices.length}</p>
${frames}
<p><button id="pause" type="button">Pause</button><button id="next" type="button">Next frame</button></p>
<script>${script}</script></body></html>
`;
}

/** A frame for a terminal: two module rows per line with half blocks, light quiet zone included. */
export function matrixToTerminal(matrix: QrMatrix): string {
  const side = matrix.size + 2 * QUIET_ZONE;
  const dark = (x: number, y: number) => x >= QUIET_ZONE && y >= QUIET_ZONE && x < side - QUIET_ZONE && y < side - QUIET_ZONE && isDark(matrix, x - QUIET_ZONE, y - QUIET_ZONE);
  const lines: string[] = [];
  // Light modules are drawn (the block characters), dark ones left as the terminal's dark background.
  for (let y = 0; y < side; y += 2) {
    let line = '';
    for (let x = 0; x < side; x += 1) {
      const top = !dark(x, y);
      const bottom = y + 1 < side ? !dark(x, y + 1) : false;
      line += top && bottom ? '\u2588' : top ? '\u2580' : bottom ? '\u2584' : ' ';
    }
    lines.push(line);
  }
  return lines.join('\n');
}
