// The ceremony record kept in the data folder: rewritten after every signature of a root (by the
// one signing path, main/services/sign-service.ts, for the app and the CLI alike) and by
// `rstuf-signer record DIR` without --out.
//
//   <data folder>/records/<repository>/root-v<N>.html
//
// <repository> is the name the audit log gives the document (the bundle's API without its scheme,
// else the file or folder name), every character but letters, digits, ".", "_" and "-" made "_".
// A record replaces only a record this program wrote for the same repository (the generator and
// repository marks in its head): any other file in its place is left as it is, and said so.

import { closeSync, lstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { osReason, SignerError } from '../../../shared/errors.js';
import type { RstufDocument } from '../../../shared/tuf/documents.js';
import { writeFileAtomic } from '../platform/atomic-file.js';
import { escapeText } from './record-graph.js';
import { ceremonyRecord, RECORD_GENERATOR, RECORD_ROOT_MARK, type CeremonyRecord, type RecordOptions } from './record.js';

export const RECORDS_FOLDER = 'records';

/** The records folder of a data folder. */
export const recordsDir = (dataDir: string): string => join(dataDir, RECORDS_FOLDER);

const safeName = (text: string): string => {
  const name = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length)).slice(0, 100);
  return name.length > 0 ? name : '_';
};

/** "https://rstuf.example.org" -> "rstuf.example.org"; "ceremony payload.json" -> "ceremony_payload.json". */
export const recordFolderName = (repository: string): string => safeName(repository.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, ''));

/** "root-v2.html". */
export const recordFileName = (role: string, version: number): string => `${safeName(role)}-v${version}.html`;

export interface KeptRecord {
  record: CeremonyRecord;
  path: string;
  /** records/<repository>/root-v<N>.html: how messages name it (no absolute path). */
  shownAs: string;
  fileName: string;
  /** An earlier record of the same document was replaced. */
  replaced: boolean;
}

/** The record of `doc`'s pending root, written to the data folder's records (see the file comment). */
export function keepCeremonyRecord(doc: RstufDocument, options: RecordOptions & { recordsDir: string; repository: string }): KeptRecord {
  const root = doc.pending.find((p) => p.metadata.signed._type === 'root');
  if (!root) throw new SignerError('INPUT_UNKNOWN_KIND', `${options.source ?? 'this document'} holds no pending root, so it has no ceremony record; give --out RECORD.html for a record of its roles`);
  const record = ceremonyRecord(doc, options);
  const rootSha256 = record.review.roles.find((r) => r.role === root.name)?.signedSha256 ?? '';
  const folder = recordFolderName(options.repository);
  const dir = join(options.recordsDir, folder);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file is in the way' : osReason(error);
    throw new SignerError('OUTPUT_UNWRITABLE', `cannot make the folder ${RECORDS_FOLDER}/${folder} in the data folder (${why})`, { cause: error, file: dir });
  }
  // root-v<N>.html, unless it holds the record of another root under the same name (another
  // ceremony of a repository with the same file name): then root-v<N>-<sha256 prefix>.html.
  const plain = recordFileName(root.name, root.metadata.signed.version);
  for (const fileName of [plain, plain.replace(/\.html$/, `-${rootSha256.slice(0, 12)}.html`)]) {
    const shownAs = `${RECORDS_FOLDER}/${folder}/${fileName}`;
    const path = join(dir, fileName);
    const found = existingRecord(path, shownAs, options.repository, rootSha256);
    if (found === 'other-root') continue;
    writeFileAtomic(path, record.html, { overwrite: found === 'same-root' });
    return { record, path, shownAs, fileName, replaced: found === 'same-root' };
  }
  throw new SignerError('OUTPUT_EXISTS', `${RECORDS_FOLDER}/${folder} already holds records of two other roots v${root.metadata.signed.version}; nothing was replaced`, { file: dir });
}

/**
 * What is at `path`: nothing, our record of this root (to be replaced), or our record of another
 * root of the repository (left alone); throws for anything else (a file we did not write).
 */
function existingRecord(path: string, shownAs: string, repository: string, rootSha256: string): 'absent' | 'same-root' | 'other-root' {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw new SignerError('OUTPUT_UNWRITABLE', `cannot look at ${shownAs} in the data folder (${osReason(error)})`, { cause: error, file: path });
  }
  const notOurs = (what: string) => new SignerError('OUTPUT_EXISTS', `${shownAs} in the data folder ${what}, so it was left as it is; move it away and the next signature writes the record`, { file: path });
  if (!stat.isFile()) throw notOurs('is not a file');
  // Our marks are in the first lines of the head; the whole file is never needed to tell.
  const head = readHead(path, 4096, shownAs);
  if (!head.startsWith('<!doctype html>') || !head.includes(`<meta name="generator" content="${RECORD_GENERATOR}">`)) throw notOurs('is not a record rstuf-signer wrote');
  if (!head.includes(`<meta name="rstuf-signer-repository" content="${escapeText(repository)}">`)) throw notOurs('is the record of another repository');
  return head.includes(`<meta name="${RECORD_ROOT_MARK}" content="${escapeText(rootSha256)}">`) ? 'same-root' : 'other-root';
}

function readHead(path: string, bytes: number, shownAs: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new SignerError('OUTPUT_UNWRITABLE', `cannot read ${shownAs} in the data folder (${osReason(error)})`, { cause: error, file: path });
  }
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
