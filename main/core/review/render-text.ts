// The review in words for the terminal (rstuf-signer inspect). Artifact lists are paged: counts
// per top folder first, then one page of changes.

import { artifactPage, type ArtifactIndex, type ArtifactEntry, type Review, type RoleReview, type RootOverview } from '../../../shared/review/index.js';
import { describeDays, describeOnlineKeyUri, describeSigner, printable, roleStanding, STANDING_LINE, WARNING_MARK } from '../../../shared/review/words.js';

export interface TextRenderOptions {
  /** Artifact index per role name, for the paged list. */
  artifactIndexes?: Record<string, ArtifactIndex>;
  page?: number;
  pageSize?: number;
  kindLabel?: string;
}

const SIGN = { added: '+', removed: '-', modified: '~', unchanged: ' ' } as const;

function entryLine(e: ArtifactEntry): string {
  const size = (s: ArtifactEntry['to']): string => (s ? `${s.length} bytes` : '');
  if (e.status === 'modified') return `${SIGN.modified} ${e.path} (${size(e.from)} -> ${size(e.to)})`;
  return `${SIGN[e.status]} ${e.path} (${size(e.to ?? e.from)})`;
}

/** Each role's threshold and keys, the online key and keys that sign elsewhere: the same lines in inspect and the ceremony record. */
export function rootRoleLines(root: RootOverview): string[] {
  const out = root.roles.map((role) => `${role.role}: ${role.threshold} of ${role.keys.map((k) => k.name).join(', ') || 'no keys'}`);
  if (root.onlineKey) out.push(`online key: ${root.onlineKey.name}${root.onlineKey.onlineKeyUri ? `; ${describeOnlineKeyUri(root.onlineKey.onlineKeyUri)}` : ' (no x-rstuf-online-key-uri)'}`);
  for (const k of root.keys) if (k.signsElsewhere) out.push(`${k.name}: ${describeSigner(k.signsElsewhere)}`);
  return out;
}

function renderRole(r: RoleReview, options: TextRenderOptions): string[] {
  const out: string[] = [];
  const was = r.trustedVersion !== undefined ? ` (trusted: v${r.trustedVersion})` : '';
  out.push(`${r.role} v${r.version}${was}, ${r.type} metadata, expires ${r.expires} (${describeDays(r.expiresInDays)})`);
  out.push(`  Signed bytes: sha256 ${r.signedSha256} (print them with --canonical)`);
  out.push('  Signatures:');
  for (const line of r.signatures.lines) out.push(`    ${line}`);
  out.push(`    ${STANDING_LINE[roleStanding(r.signatures.thresholds, r.threshold.met)]}`);

  const changes = r.changes.filter((c) => !c.type.startsWith('artifact-'));
  if (r.trustedVersion !== undefined) {
    out.push(changes.length ? `  Changes from v${r.trustedVersion} (${changes.length}):` : `  No changes from v${r.trustedVersion} except artifacts listed below.`);
    for (const c of changes) out.push(`    - [${c.type}] ${c.message}`);
  }
  if (r.root) {
    out.push('  Roles in this root:');
    for (const line of rootRoleLines(r.root)) out.push(`    ${line}`);
    if (r.root.extraFields?.length) {
      out.push('  Extra fields of root (kept and signed as they are):');
      for (const f of r.root.extraFields) out.push(`    ${f.field} = ${f.value}`);
    }
  }
  if (r.artifacts) {
    const a = r.artifacts;
    out.push(
      a.compared
        ? `  Artifacts: ${a.total} (${a.counts.added} added, ${a.counts.removed} removed, ${a.counts.modified} modified, ${a.counts.unchanged} unchanged)`
        : `  Artifacts: ${a.total} (no trusted version to compare with)`,
    );
    if (a.groups.length > 0) {
      out.push('    by top folder:');
      for (const g of a.groups) {
        out.push(a.compared ? `      ${g.group}: ${g.added} added, ${g.removed} removed, ${g.modified} modified, ${g.unchanged} unchanged` : `      ${g.group}: ${g.added}`);
      }
    }
    const index = options.artifactIndexes?.[r.role];
    if (index) {
      const page = artifactPage(index, { page: options.page ?? 1, pageSize: options.pageSize ?? 50, include: a.compared ? 'changes' : 'all' });
      if (page.totalEntries > 0) {
        out.push(`    ${a.compared ? 'Changed artifacts' : 'Artifacts'}, page ${page.page} of ${page.pages} (${page.totalEntries} in all${page.pages > 1 ? '; see others with --page N' : ''}):`);
        for (const e of page.entries) out.push(`      ${entryLine(e)}`);
      }
    }
  }
  out.push(r.warnings.length ? `  Warnings (${r.warnings.length}):` : '  No warnings.');
  // Dangers first (the review sorts them): the holder must not sign without reading those.
  for (const w of r.warnings) out.push(`    ${WARNING_MARK[w.level]} [${w.code}] ${w.message}`);
  return out;
}

/** The review as terminal lines; everything from the file is passed through `printable`. */
export function renderReviewText(review: Review, options: TextRenderOptions = {}): string[] {
  const out: string[] = [];
  out.push(`${review.source ?? 'input'}: ${options.kindLabel ?? review.kind}`);
  out.push(`Trust: ${review.trust.message}`);
  for (const r of review.roles) {
    out.push('');
    out.push(...renderRole(r, options));
  }
  return out.map((line) => printable(line));
}

