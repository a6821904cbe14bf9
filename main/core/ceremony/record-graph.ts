// The trust graph of a root as an inline SVG (no script, no external reference): each top-level
// role with its threshold on the left, each key with its holder on the right, a line for every key
// a role lists. The online key is drawn apart ("signs on the server"), so a holder sees at a
// glance which keys are offline and how many of them each role needs.

import type { RootOverview } from '../../../shared/review/types.js';
import { printable } from '../../../shared/review/words.js';

const ROLE_X = 16;
const ROLE_W = 210;
const KEY_X = 430;
const KEY_W = 330;
const BOX_H = 46;
const GAP = 14;
const TOP = 40;

/** Text for SVG/HTML: hidden characters spelled out (printable), then escaped. */
export function escapeText(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function trustGraphSvg(root: RootOverview): string {
  const roles = root.roles;
  const online = root.onlineKey?.keyid;
  // Offline keys first (in the order root lists them), the online key last.
  const keys = [...root.keys].sort((a, b) => Number(a.keyid === online) - Number(b.keyid === online));
  const rows = Math.max(roles.length, keys.length);
  const height = TOP + rows * (BOX_H + GAP) + 10;
  const roleY = (i: number): number => TOP + i * (BOX_H + GAP);
  const keyY = (i: number): number => TOP + i * (BOX_H + GAP);
  const keyIndex = new Map(keys.map((k, i) => [k.keyid, i]));

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${KEY_X + KEY_W + 16} ${height}" width="100%" role="img" aria-label="Trust graph: roles, their thresholds and the keys that sign them" class="trust-graph">`);
  out.push('<text x="16" y="22" class="tg-head">Role (threshold)</text>', `<text x="${KEY_X}" y="22" class="tg-head">Key (holder, key id)</text>`);
  roles.forEach((r, i) => {
    for (const k of r.keys) {
      const j = keyIndex.get(k.keyid);
      if (j === undefined) continue;
      const y1 = roleY(i) + BOX_H / 2;
      const y2 = keyY(j) + BOX_H / 2;
      const cls = k.keyid === online ? 'tg-edge tg-online' : 'tg-edge';
      out.push(`<path class="${cls}" d="M${ROLE_X + ROLE_W} ${y1} C${ROLE_X + ROLE_W + 90} ${y1}, ${KEY_X - 90} ${y2}, ${KEY_X} ${y2}"/>`);
    }
  });
  roles.forEach((r, i) => {
    const y = roleY(i);
    out.push(`<rect class="tg-role" x="${ROLE_X}" y="${y}" width="${ROLE_W}" height="${BOX_H}" rx="6"/>`);
    out.push(`<text x="${ROLE_X + 10}" y="${y + 19}" class="tg-name">${escapeText(clip(r.role, 24))}</text>`);
    out.push(`<text x="${ROLE_X + 10}" y="${y + 37}" class="tg-sub">${r.threshold} of ${r.keys.length} key${r.keys.length === 1 ? '' : 's'}</text>`);
  });
  keys.forEach((k, i) => {
    const y = keyY(i);
    const isOnline = k.keyid === online;
    out.push(`<rect class="${isOnline ? 'tg-key tg-online' : 'tg-key'}" x="${KEY_X}" y="${y}" width="${KEY_W}" height="${BOX_H}" rx="6"/>`);
    out.push(`<text x="${KEY_X + 10}" y="${y + 19}" class="tg-name">${escapeText(clip(k.name, 34))}${isOnline ? ' — online key' : ''}</text>`);
    const sub = isOnline ? `signs on the server${k.onlineKeyUri ? `: ${k.onlineKeyUri}` : ''}` : `${k.keyid.slice(0, 16)}… ${k.scheme}`;
    out.push(`<text x="${KEY_X + 10}" y="${y + 37}" class="tg-sub">${escapeText(clip(sub, 52))}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
