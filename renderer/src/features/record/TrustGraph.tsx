// The trust graph of a pending root on the Review screen, the same picture the ceremony record
// prints (one layout: shared/review/trust-graph.ts). Names from the file are React text (escaped),
// with hidden characters spelled out as everywhere else (fileText).
import type { RoleReview } from '../../../../shared/ipc/schemas.js';
import { trustGraphLayout } from '../../../../shared/review/trust-graph.js';
import { fileText } from '../../components/FileText.js';

const BOX = {
  role: { fill: '#eef3fb', stroke: '#3a5a8c', dash: undefined },
  key: { fill: '#f7f7f7', stroke: '#555555', dash: undefined },
  online: { fill: '#fff6e5', stroke: '#b36b00', dash: '5 3' },
} as const;

export function TrustGraph({ root, version }: { root: NonNullable<RoleReview['root']>; version: number }) {
  const g = trustGraphLayout(root);
  return (
    <figure data-testid="trust-graph">
      <svg viewBox={`0 0 ${g.width} ${g.height}`} width="100%" role="img" aria-label={`Trust graph of root v${version}: roles, their thresholds and the keys that sign them`}>
        {g.headers.map((h) => (
          <text key={h.text} x={h.x} y={h.y} fontSize={11} fontWeight="bold" fill="#333333">
            {h.text}
          </text>
        ))}
        {g.edges.map((e, i) => (
          <path key={i} d={e.d} fill="none" stroke={e.online ? '#b36b00' : '#3a5a8c'} strokeWidth={1.4} strokeDasharray={e.online ? '5 3' : undefined} />
        ))}
        {g.boxes.map((b, i) => (
          <g key={i}>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} fill={BOX[b.kind].fill} stroke={BOX[b.kind].stroke} strokeDasharray={BOX[b.kind].dash} />
            <text x={b.x + 10} y={b.y + 19} fontSize={11} fontWeight="bold" fill="#111111">
              {fileText(b.title)}
            </text>
            <text x={b.x + 10} y={b.y + 37} fontSize={11} fill="#444444">
              {fileText(b.subtitle)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted">Roles with their thresholds on the left, keys with their holders on the right; the online key, dashed, signs on the server.</figcaption>
    </figure>
  );
}
