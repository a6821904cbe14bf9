// The trust graph of a root, laid out once for both pictures of it (the ceremony record's inline
// SVG in main, the Review screen's in the renderer): each top-level role with its threshold on the
// left, each key with its holder on the right, a curve for every key a role lists. The online key
// is last and marked, so a holder sees at a glance which keys are offline and how many each role needs.

import type { RootOverview } from './types.js';

export interface GraphBox {
  kind: 'role' | 'key' | 'online';
  x: number;
  y: number;
  w: number;
  h: number;
  /** Text from the file: the caller escapes it (record) or lets React do so (screen). */
  title: string;
  subtitle: string;
}

export interface TrustGraphLayout {
  width: number;
  height: number;
  headers: { x: number; y: number; text: string }[];
  boxes: GraphBox[];
  /** SVG path data, one per (role, key) pair. */
  edges: { d: string; online: boolean }[];
}

const ROLE_X = 16;
const ROLE_W = 210;
const KEY_X = 430;
const KEY_W = 330;
const BOX_H = 46;
const GAP = 14;
const TOP = 40;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function trustGraphLayout(root: Pick<RootOverview, 'keys' | 'roles' | 'onlineKey'>): TrustGraphLayout {
  const online = root.onlineKey?.keyid;
  // Offline keys first (in the order root lists them), the online key last.
  const keys = [...root.keys].sort((a, b) => Number(a.keyid === online) - Number(b.keyid === online));
  const rows = Math.max(root.roles.length, keys.length);
  const rowY = (i: number): number => TOP + i * (BOX_H + GAP);
  const keyIndex = new Map(keys.map((k, i) => [k.keyid, i]));
  const edges: TrustGraphLayout['edges'] = [];
  root.roles.forEach((r, i) => {
    for (const k of r.keys) {
      const j = keyIndex.get(k.keyid);
      if (j === undefined) continue;
      const y1 = rowY(i) + BOX_H / 2;
      const y2 = rowY(j) + BOX_H / 2;
      edges.push({ d: `M${ROLE_X + ROLE_W} ${y1} C${ROLE_X + ROLE_W + 90} ${y1}, ${KEY_X - 90} ${y2}, ${KEY_X} ${y2}`, online: k.keyid === online });
    }
  });
  const boxes: GraphBox[] = [
    ...root.roles.map((r, i): GraphBox => ({ kind: 'role', x: ROLE_X, y: rowY(i), w: ROLE_W, h: BOX_H, title: clip(r.role, 24), subtitle: `${r.threshold} of ${r.keys.length} key${r.keys.length === 1 ? '' : 's'}` })),
    ...keys.map((k, i): GraphBox => {
      const isOnline = k.keyid === online;
      const subtitle = isOnline ? `signs on the server${k.onlineKeyUri ? `: ${k.onlineKeyUri}` : ''}` : `${k.keyid.slice(0, 16)}… ${k.scheme}`;
      return { kind: isOnline ? 'online' : 'key', x: KEY_X, y: rowY(i), w: KEY_W, h: BOX_H, title: `${clip(k.name, 34)}${isOnline ? ' — online key' : ''}`, subtitle: clip(subtitle, 52) };
    }),
  ];
  return {
    width: KEY_X + KEY_W + 16,
    height: TOP + rows * (BOX_H + GAP) + 10,
    headers: [
      { x: ROLE_X, y: 22, text: 'Role (threshold)' },
      { x: KEY_X, y: 22, text: 'Key (holder, key id)' },
    ],
    boxes,
    edges,
  };
}
