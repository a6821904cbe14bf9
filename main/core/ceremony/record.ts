// The printable record of a ceremony: the root's fingerprint, every key with its holder, key id
// and proof of possession, the thresholds, each signature made (who, when, with what, from the
// audit log), the trust graph and lines for the witnesses. Every sentence about the metadata is
// the review's own (buildReview's lines and warnings, renderReviewText for the full text), so the
// record cannot say something the review did not.
//
// The HTML is self-contained and inert: no script, no external reference, a CSP that allows only
// its inline style, and every string from a file escaped with hidden characters spelled out.

import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../../shared/ipc/schemas.js';
import { buildReview, type KeyProofStatus, type Review, type RoleReview } from '../../../shared/review/index.js';
import { describeKeyProof } from '../../../shared/review/warnings.js';
import { describeSigner, keySourceWords, roleStanding, STANDING_LINE, WARNING_MARK } from '../../../shared/review/words.js';
import { DOCUMENT_KIND_LABELS, type RstufDocument } from '../../../shared/tuf/documents.js';
import { renderReviewText, rootRoleLines } from '../review/render-text.js';
import { reviewInputOf, type DocumentReviewOptions } from '../review/review-document.js';
import { shortFingerprint } from '../trust/chain.js';
import { escapeText as esc, trustGraphSvg } from './record-graph.js';

export interface RecordOptions extends DocumentReviewOptions {
  /** Audit entries of this data folder; those over the pending roles' signed bytes are listed. */
  audit: readonly AuditEntry[];
  /** How many witness lines to print (default 3). */
  witnesses?: number;
  generatedAt: Date;
  /** The repository the audit log names (the bundle's API, else the file name); printed, and marks the file as ours. */
  repository?: string;
}

export interface CeremonyRecord {
  html: string;
  review: Review;
  /** sha256 of the record's HTML, printed in its footer's place in the CLI output. */
  sha256: string;
}

/** Who signed, when and with what, for one signature: from the audit log of this laptop. */
export function describeSignature(entry: AuditEntry | undefined): { when: string; withWhat: string } {
  if (!entry) return { when: 'not recorded on this laptop', withWhat: 'signed elsewhere (not recorded in this audit log)' };
  return { when: entry.time, withWhat: keySourceWords(entry.keySource) };
}

export function ceremonyRecord(doc: RstufDocument, options: RecordOptions): CeremonyRecord {
  const input = reviewInputOf(doc, options);
  const review = buildReview(input);
  const proofsByRole = new Map(input.roles.map((r) => [r.name, r.keyProofs]));
  const generated = options.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const title = `Ceremony record: ${DOCUMENT_KIND_LABELS[doc.kind]}`;
  const body: string[] = [];
  body.push(`<h1>${esc(title)}</h1>`);
  body.push(`<p class="meta">From ${esc(review.source ?? 'input')}${options.repository !== undefined ? ` (repository ${esc(options.repository)})` : ''}, written ${esc(generated)} by rstuf-signer on the offline laptop.</p>`);
  body.push(`<p class="meta">Trust: ${esc(review.trust.message)}</p>`);
  for (const role of review.roles) body.push(...roleSection(role, proofsByRole.get(role.role), options.audit));
  body.push(...witnessSection(options.witnesses ?? 3));
  body.push('<h2 class="appendix">The review, as the key holders read it</h2>');
  body.push(`<pre class="review">${renderReviewText(review, { kindLabel: DOCUMENT_KIND_LABELS[doc.kind] }).map(esc).join('\n')}</pre>`);
  const pendingRoot = review.roles.find((r) => r.type === 'root');
  const html = page(title, body.join('\n'), options.repository, pendingRoot?.signedSha256 ?? undefined);
  return { html, review, sha256: createHash('sha256').update(html).digest('hex') };
}

function roleSection(r: RoleReview, proofs: KeyProofStatus[] | undefined, audit: readonly AuditEntry[]): string[] {
  const out: string[] = [];
  out.push(`<section class="role"><h2>${esc(r.role)} v${r.version}, ${esc(r.type)} metadata</h2>`);
  out.push('<table class="facts">');
  out.push(row('Fingerprint (sha256 of the signed bytes)', `<code class="fp">${esc(shortFingerprint(r.signedSha256))}</code><br><code>${esc(r.signedSha256)}</code>`));
  out.push(row('Expires', esc(r.expires)));
  out.push('</table>');
  if (r.root) {
    out.push('<h3>Trust graph</h3>', `<figure>${trustGraphSvg(r.root)}</figure>`);
    out.push('<h3>Keys</h3>');
    out.push('<table class="grid"><thead><tr><th>Holder</th><th>Key id</th><th>Type</th><th>Roles</th><th>Proof of possession</th></tr></thead><tbody>');
    const proofOf = new Map((proofs ?? []).map((p) => [p.keyid, p]));
    for (const k of r.root.keys) {
      const online = r.root.onlineKey?.keyid === k.keyid;
      const proof = proofOf.get(k.keyid);
      // A Sigstore key proves nothing here: it signs elsewhere (online, not from this laptop).
      const proofText = k.signsElsewhere ? describeSigner(k.signsElsewhere) : proof ? describeKeyProof(proof) : online ? 'online key (signs on the server)' : 'already trusted (not a new key)';
      out.push(`<tr><td>${esc(k.name)}</td><td><code>${esc(k.keyid)}</code></td><td>${esc(k.scheme)}</td><td>${esc(k.roles.join(', '))}</td><td${proof && proof.signedOn === undefined ? ' class="warn"' : ''}>${esc(proofText)}</td></tr>`);
    }
    out.push('</tbody></table>');
    out.push('<h3>Thresholds</h3><ul>');
    for (const line of rootRoleLines(r.root)) out.push(`<li>${esc(line)}</li>`);
    out.push('</ul>');
  }
  out.push('<h3>Signatures</h3><ul>');
  for (const line of r.signatures.lines) out.push(`<li>${esc(line)}</li>`);
  out.push(`<li>${esc(STANDING_LINE[roleStanding(r.signatures.thresholds, r.threshold.met)])}</li></ul>`);
  const made = r.signatures.valid;
  if (made.length > 0) {
    out.push('<table class="grid"><thead><tr><th>Signed by</th><th>When</th><th>With</th></tr></thead><tbody>');
    for (const keyid of made) {
      const entry = audit.find((e) => e.keyid === keyid && e.signedSha256 === r.signedSha256);
      const name = entry?.keyName ?? r.root?.keys.find((k) => k.keyid === keyid)?.name ?? keyid.slice(0, 8);
      const s = describeSignature(entry);
      out.push(`<tr><td>${esc(name)} <code class="short">${esc(keyid.slice(0, 8))}</code></td><td>${esc(s.when)}</td><td>${esc(s.withWhat)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push(r.warnings.length ? `<h3>Warnings (${r.warnings.length})</h3><ul class="warnings">` : '<h3>No warnings.</h3><ul>');
  for (const w of r.warnings) out.push(`<li class="${w.level}"><strong>${WARNING_MARK[w.level]}</strong> [${esc(w.code)}] ${esc(w.message)}</li>`);
  out.push('</ul></section>');
  return out;
}

function witnessSection(count: number): string[] {
  const out = ['<section class="witnesses"><h2>Witnesses</h2>', '<p>We watched this ceremony and compared the fingerprint above with the one on the signing laptop\'s screen.</p>', '<table class="sign-lines">'];
  for (let i = 0; i < count; i++) out.push('<tr><td>Name</td><td class="line"></td><td>Signature</td><td class="line"></td><td>Date</td><td class="line short"></td></tr>');
  out.push('</table></section>');
  return out;
}

const row = (label: string, value: string): string => `<tr><th>${esc(label)}</th><td>${value}</td></tr>`;

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font: 10.5pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 10pt 0 3pt; } .meta { color: #444; margin: 2pt 0; }
table { border-collapse: collapse; width: 100%; } .grid th, .grid td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
.facts th { text-align: left; width: 34%; padding: 2pt 6pt 2pt 0; vertical-align: top; } code { font: 9pt "DejaVu Sans Mono", monospace; word-break: break-all; }
.fp { font-size: 13pt; font-weight: bold; letter-spacing: 1pt; } .warn { color: #8a4b00; font-weight: bold; }
.warnings .danger { color: #9b1111; } .warnings .warning { color: #8a4b00; } .warnings .info { color: #333; }
tr, li, figure { page-break-inside: avoid; } figure { margin: 4pt 0; }
.trust-graph .tg-role { fill: #eef3fb; stroke: #3a5a8c; } .trust-graph .tg-key { fill: #f7f7f7; stroke: #555; }
.trust-graph .tg-key.tg-online { fill: #fff6e5; stroke: #b36b00; stroke-dasharray: 5 3; } .trust-graph .tg-edge { fill: none; stroke: #3a5a8c; stroke-width: 1.4; }
.trust-graph .tg-edge.tg-online { stroke: #b36b00; stroke-dasharray: 5 3; } .trust-graph text { font: 11px "DejaVu Sans", Arial, sans-serif; }
.trust-graph .tg-name { font-weight: bold; } .trust-graph .tg-sub { fill: #444; } .trust-graph .tg-head { font-weight: bold; fill: #333; }
.sign-lines td { padding: 18pt 4pt 2pt; white-space: nowrap; } .sign-lines .line { border-bottom: 1px solid #000; width: 30%; } .sign-lines .short { width: 14%; }
.review { font: 8pt/1.3 "DejaVu Sans Mono", monospace; white-space: pre-wrap; word-break: break-all; border: 1px solid #ccc; padding: 6pt; }
.appendix { page-break-before: always; } code.short { word-break: normal; white-space: nowrap; }
`;

/** Marks a file as a record this program wrote (record-file.ts replaces only such a file, of the same repository). */
export const RECORD_GENERATOR = 'rstuf-signer ceremony record';

/** The head mark naming the sha256 of the signed root a record is of. */
export const RECORD_ROOT_MARK = 'rstuf-signer-root';

function page(title: string, body: string, repository: string | undefined, rootSha256: string | undefined): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta name="generator" content="${RECORD_GENERATOR}">`,
    ...(repository !== undefined ? [`<meta name="rstuf-signer-repository" content="${esc(repository)}">`] : []),
    // Which root this is the record of: a record is replaced only by the record of the same root.
    ...(rootSha256 !== undefined ? [`<meta name="${RECORD_ROOT_MARK}" content="${esc(rootSha256)}">`] : []),
    // Inert by construction: nothing may load or run, only the inline style applies.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    body,
    '</body></html>',
    '',
  ].join('\n');
}
