// The trust graph as an inline SVG string for the ceremony record (no script, no external
// reference), drawn from the one layout the Review screen draws too (shared/review/trust-graph.ts).

import { trustGraphLayout } from '../../../shared/review/trust-graph.js';
import type { RootOverview } from '../../../shared/review/types.js';
import { printable } from '../../../shared/review/words.js';

/** Text for SVG/HTML: hidden characters spelled out (printable), then escaped. */
export function escapeText(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const BOX_CLASS = { role: 'tg-role', key: 'tg-key', online: 'tg-key tg-online' } as const;

export function trustGraphSvg(root: RootOverview): string {
  const g = trustGraphLayout(root);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${g.width} ${g.height}" width="100%" role="img" aria-label="Trust graph: roles, their thresholds and the keys that sign them" class="trust-graph">`);
  for (const h of g.headers) out.push(`<text x="${h.x}" y="${h.y}" class="tg-head">${escapeText(h.text)}</text>`);
  for (const e of g.edges) out.push(`<path class="${e.online ? 'tg-edge tg-online' : 'tg-edge'}" d="${e.d}"/>`);
  for (const b of g.boxes) {
    out.push(`<rect class="${BOX_CLASS[b.kind]}" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"/>`);
    out.push(`<text x="${b.x + 10}" y="${b.y + 19}" class="tg-name">${escapeText(b.title)}</text>`);
    out.push(`<text x="${b.x + 10}" y="${b.y + 37}" class="tg-sub">${escapeText(b.subtitle)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
