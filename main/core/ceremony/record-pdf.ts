// The ceremony record printed to PDF by Chromium on this laptop (headless --print-to-pdf): no
// network (a dead proxy, and the page itself loads nothing: its CSP allows only its inline style),
// a throwaway profile, and the PDF written atomically where the holder asked.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignerError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../platform/atomic-file.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface PdfOptions {
  chromium?: string;
  overwrite?: boolean;
  /** process.getuid(), injectable for tests. */
  uid?: number | undefined;
}

export function printRecordToPdf(html: string, pdfPath: string, options: PdfOptions = {}): void {
  const chromium = options.chromium ?? process.env.RSTUF_SIGNER_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(chromium)) {
    throw new SignerError('INPUT_UNREADABLE', `cannot print the PDF: Chromium is not installed at ${chromium} (apt-get install chromium, or set RSTUF_SIGNER_CHROMIUM); the HTML record can be printed from any browser`);
  }
  if (!options.overwrite && existsSync(pdfPath)) throw new SignerError('OUTPUT_EXISTS', `${pdfPath} already exists; choose another name or pass --force to replace it`);
  const work = mkdtempSync(join(tmpdir(), 'rstuf-record-'));
  try {
    const page = join(work, 'record.html');
    const out = join(work, 'record.pdf');
    writeFileSync(page, html, { mode: 0o600 });
    const uid = 'uid' in options ? options.uid : process.getuid?.();
    const args = [
      '--headless',
      '--disable-gpu',
      // Chromium refuses to start as root with its sandbox on. The page printed here is this
      // program's own output, with no script (CSP default-src 'none') and every file string escaped.
      ...(uid === 0 ? ['--no-sandbox'] : []),
      `--user-data-dir=${join(work, 'profile')}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--proxy-server=127.0.0.1:9',
      '--no-pdf-header-footer',
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ];
    const r = spawnSync(chromium, args, { encoding: 'utf8', timeout: 120_000 });
    const pdf = existsSync(out) ? readFileSync(out) : undefined;
    if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      const tail = `${r.stderr ?? ''}`.split('\n').filter(Boolean).slice(-3).join(' | ');
      throw new SignerError('OUTPUT_UNWRITABLE', `Chromium did not print the PDF (exit ${r.status ?? r.signal ?? 'unknown'}${tail ? `: ${tail}` : ''}); the HTML record is complete and can be printed from any browser`);
    }
    writeFileAtomic(pdfPath, pdf, { overwrite: options.overwrite ?? false });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
