// The ceremony record printed to PDF by Chromium on this laptop (headless --print-to-pdf): no
// network (a dead proxy, and the page itself loads nothing: its CSP allows only its inline style),
// no script (the CSP's default-src 'none'; --blink-settings=scriptEnabled=false is not used: headless
// Chromium then writes no PDF at all), a throwaway profile, and the PDF written atomically where
// the holder asked.
//
// Chromium's sandbox stays on, always: Chromium refuses to start as root with it, so as root
// (uid 0) it is started as the unprivileged user nobody instead (the browser shell's rule too:
// never --no-sandbox). The page it reads stays root's, read-only to others; only the folder for
// its profile and the PDF belongs to nobody for the few seconds of the print.

import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignerError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../platform/atomic-file.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** nobody:nogroup on Debian and most Linux systems. */
export const NOBODY = { uid: 65534, gid: 65534 } as const;

export interface PdfOptions {
  chromium?: string;
  overwrite?: boolean;
  /** process.getuid(), injectable for tests. */
  uid?: number | undefined;
}

export interface PdfLaunchPlan {
  /** Chromium's own user when this process is root; undefined: this process's user. */
  runAs?: { uid: number; gid: number };
  args: string[];
}

/** How Chromium is started to print `pageUrl` into `pdfPath` (a plain function, so the decision is tested as one). */
export function pdfLaunchPlan(uid: number | undefined, paths: { pageUrl: string; pdfPath: string; profileDir: string }): PdfLaunchPlan {
  return {
    ...(uid === 0 ? { runAs: { ...NOBODY } } : {}),
    args: [
      '--headless',
      '--disable-gpu',
      `--user-data-dir=${paths.profileDir}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--proxy-server=127.0.0.1:9',
      '--no-pdf-header-footer',
      `--print-to-pdf=${paths.pdfPath}`,
      paths.pageUrl,
    ],
  };
}

export function printRecordToPdf(html: string, pdfPath: string, options: PdfOptions = {}): void {
  const chromium = options.chromium ?? process.env.RSTUF_SIGNER_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(chromium)) {
    throw new SignerError('INPUT_UNREADABLE', `cannot print the PDF: Chromium is not installed (apt-get install chromium, or set RSTUF_SIGNER_CHROMIUM); the HTML record can be printed from any browser`, { file: chromium });
  }
  if (!options.overwrite && existsSync(pdfPath)) throw new SignerError('OUTPUT_EXISTS', `${basename(pdfPath)} already exists; choose another name or pass --force to replace it`, { file: pdfPath });
  const uid = 'uid' in options ? options.uid : process.getuid?.();
  const work = mkdtempSync(join(tmpdir(), 'rstuf-record-'));
  try {
    const page = join(work, 'record.html');
    writeFileSync(page, html, { mode: 0o644 });
    // Chromium's own folder: its profile, its HOME (nobody's is /nonexistent) and the PDF.
    const own = join(work, 'chromium');
    mkdirSync(own, { mode: 0o700 });
    const out = join(own, 'record.pdf');
    const plan = pdfLaunchPlan(uid, { pageUrl: pathToFileURL(page).href, pdfPath: out, profileDir: join(own, 'profile') });
    if (plan.runAs) {
      chmodSync(work, 0o755);
      chownSync(own, plan.runAs.uid, plan.runAs.gid);
    }
    const env = { ...process.env, HOME: own, XDG_CONFIG_HOME: join(own, 'config'), XDG_CACHE_HOME: join(own, 'cache') };
    const r = spawnSync(chromium, plan.args, { encoding: 'utf8', timeout: 120_000, env, cwd: own, ...(plan.runAs ?? {}) });
    const pdf = existsSync(out) ? readFileSync(out) : undefined;
    if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      // Chromium's own words, without the folders it names (ours, and where Chromium is installed).
      const tail = `${r.error?.message ?? ''}\n${r.stderr ?? ''}`.split('\n').filter(Boolean).slice(-3).join(' | ').split(work).join('the temporary folder').split(chromium).join(basename(chromium));
      const who = plan.runAs ? ` (started as the user nobody, with its sandbox on, because this runs as root: the temporary folder ${tmpdir()} must be open to nobody)` : '';
      throw new SignerError('OUTPUT_UNWRITABLE', `Chromium did not print the PDF${who} (exit ${r.status ?? r.signal ?? 'unknown'}${tail ? `: ${tail}` : ''}); the HTML record is complete and can be printed from any browser`, { file: pdfPath });
    }
    writeFileAtomic(pdfPath, pdf, { overwrite: options.overwrite ?? false });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
