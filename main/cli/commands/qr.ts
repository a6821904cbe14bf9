// rstuf-signer qr show | qr read: the air gap without a USB stick, for what fits in QR frames
// (main/core/qr). `show` plays a file (or a bundle's document) as animated BBQr frames for the
// offline laptop's camera; `read` turns pictures of the laptop's frames back into the file, checked
// by the same import as any file (sizes, kinds, hashes), ready for `send`.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { DOCUMENT_KIND_LABELS } from '../../../shared/tuf/documents.js';
import { importBundleOrFile } from '../../core/exchange/bundle.js';
import { writeFileAtomic } from '../../core/platform/atomic-file.js';
import { readRegularFile } from '../../core/platform/read-file.js';
import { chooseQrFile } from '../../core/qr/choose.js';
import { describeMissing, QrCollector } from '../../core/qr/collect.js';
import { encodeQrFrames, MAX_QR_FRAMES } from '../../core/qr/frames.js';
import { framesPage, matrixToTerminal } from '../../core/qr/html.js';
import { qrMatrix } from '../../core/qr/matrix.js';
import { matrixToPng, readQrPng } from '../../core/qr/png.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer qr show FILE|BUNDLE [--file NAME] [--html OUT.html] [--png DIR] [--frame-ms MS] [--force]
       rstuf-signer qr read --images DIR --out FILE [--force]
       rstuf-signer qr read --camera --out FILE

show: the file (for a bundle, its document, or --file NAME) as animated QR codes in BBQr frames,
for the offline laptop's Scan screen. Without --html or --png the frames are printed on the
terminal one after another; --html OUT.html writes one page that plays them in a loop (it loads
nothing from anywhere); --png DIR writes frame-01.png, frame-02.png, ... Up to 64 KB; anything larger
says so: move it on a USB stick.

read: pictures (PNG) of the frames the laptop shows, in any order, repeats and other pictures
ignored, back into FILE, checked like any RSTUF file; then "rstuf-signer send FILE" as usual.
Parts still missing are named. --camera needs a camera library that works headless, which this
build does not have: it says so.`;

const SHOW_FLAGS = { file: { type: 'string' }, html: { type: 'string' }, png: { type: 'string' }, 'frame-ms': { type: 'string' }, force: { type: 'boolean' } } as const;
const READ_FLAGS = { images: { type: 'string' }, camera: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } } as const;
const MAX_PICTURES = 4 * MAX_QR_FRAMES;
const MAX_PICTURE_BYTES = 32 * 1024 * 1024;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'show') return show(rest, io);
  if (sub === 'read') return read(rest, io);
  if (sub === '--help' || sub === '-h') parseCommandArgs(['--help'], {}, HELP);
  throw new SignerError('USAGE', `${sub === undefined ? 'give qr show or qr read' : `unknown qr command "${sub}"`}\n\n${HELP}`);
}

function show(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, SHOW_FLAGS, HELP);
  const input = requireOne(positionals, 'FILE or BUNDLE', HELP);
  const frameMs = values['frame-ms'] === undefined ? 400 : Number(values['frame-ms']);
  if (!Number.isInteger(frameMs) || frameMs < 50 || frameMs > 10_000) throw new SignerError('USAGE', `--frame-ms takes a whole number of milliseconds between 50 and 10000, not "${values['frame-ms']}"`);
  // The same strict import as every command: hashes, kinds and consistency first.
  const bundle = importBundleOrFile(input);
  const label = basename(bundle.path);
  const file = chooseQrFile(bundle.files, bundle.documentFile.name, label, values.file);
  const frames = encodeQrFrames(file.bytes, file.name);
  const matrices = frames.parts.map((text) => qrMatrix(text, frames.version));
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const summary = `${file.name} (${DOCUMENT_KIND_LABELS[file.kind]}, ${file.bytes.length} bytes, sha256 ${sha256}): ${frames.parts.length} QR ${frames.parts.length === 1 ? 'frame' : 'frames'}, version ${frames.version}`;
  const overwrite = values.force ?? false;
  if (values.html !== undefined) {
    writeFileAtomic(values.html, framesPage({ title: `${file.name}: ${DOCUMENT_KIND_LABELS[file.kind]}`, sha256, bytes: file.bytes.length, matrices, frameMs }), { overwrite });
    io.stdout(`${summary}; wrote ${values.html} (open it in a browser: it plays the frames in a loop)`);
  }
  if (values.png !== undefined) {
    mkdirSync(values.png, { recursive: true });
    const width = String(matrices.length).length < 2 ? 2 : String(matrices.length).length;
    matrices.forEach((m, i) => writeFileAtomic(join(values.png as string, `frame-${String(i + 1).padStart(width, '0')}.png`), matrixToPng(m), { overwrite }));
    io.stdout(`${summary}; wrote ${matrices.length} PNG ${matrices.length === 1 ? 'picture' : 'pictures'} into ${values.png}`);
  }
  if (values.html === undefined && values.png === undefined) {
    io.stdout(summary);
    matrices.forEach((m, i) => {
      io.stdout(`frame ${i + 1} of ${matrices.length}:`);
      io.stdout(matrixToTerminal(m));
    });
    if (matrices.length > 1) io.stdout('The laptop reads the frames in any order; --html OUT.html plays them as one animation.');
  }
  return 0;
}

function read(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, READ_FLAGS, HELP);
  if (positionals.length > 0) throw new SignerError('USAGE', `qr read takes no positional argument ("${positionals[0]}")\n\n${HELP}`);
  if (values.camera) {
    throw new SignerError(
      'USAGE',
      'qr read --camera is not supported on this machine: no camera library that works headless is part of this build. Take screenshots or photos of the frames into a folder and run qr read --images DIR --out FILE',
    );
  }
  if (values.images === undefined) throw new SignerError('USAGE', `give the pictures with --images DIR\n\n${HELP}`);
  if (values.out === undefined) throw new SignerError('USAGE', `give the file to write with --out FILE\n\n${HELP}`);
  const dir = values.images;
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new SignerError('INPUT_UNREADABLE', `${dir} is not a folder of pictures`);
    names = readdirSync(dir).filter((n) => /\.png$/i.test(n) && !n.startsWith('.')).sort();
  } catch (error) {
    if (error instanceof SignerError) throw error;
    throw new SignerError('INPUT_UNREADABLE', `cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (error as Error).message}`);
  }
  if (names.length === 0) throw new SignerError('INPUT_UNREADABLE', `${dir} holds no PNG picture`);
  if (names.length > MAX_PICTURES) throw new SignerError('INPUT_TOO_LARGE', `${dir} holds ${names.length} PNG pictures; at most ${MAX_PICTURES} are read`);
  const collector = new QrCollector();
  for (const name of names) {
    const bytes = readRegularFile(join(dir, name), { label: name, maxBytes: MAX_PICTURE_BYTES, tooLarge: () => `${name} is larger than ${MAX_PICTURE_BYTES / 1048576} MB: not a picture of a QR frame` });
    const text = readQrPng(bytes, name);
    if (text === null) {
      io.stderr(`rstuf-signer: note: ${name} shows no QR code we can read; skipped`);
      continue;
    }
    const added = collector.add(text);
    if (!added.accepted) io.stderr(`rstuf-signer: note: ${name}: ${added.reason}; skipped`);
  }
  const progress = collector.progress();
  if (progress.total !== null && !progress.complete) {
    throw new SignerError('BUNDLE_INCOMPLETE', `${dir}: ${progress.received} of ${progress.total} parts were read; still missing ${describeMissing(progress.missing)}. Take pictures of the frames that are missing (they come round again as the animation loops) and run qr read again`);
  }
  const payload = collector.result(dir);
  // What arrived is checked exactly like a file on a USB stick, before it is written where asked.
  const scratch = mkdtempSync(join(tmpdir(), 'rstuf-qr-'));
  try {
    const staged = join(scratch, basename(values.out));
    writeFileAtomic(staged, payload, { mode: 0o600 });
    const checked = importBundleOrFile(staged);
    writeFileAtomic(values.out, payload, { overwrite: values.force ?? false });
    io.stdout(`${values.out}: ${DOCUMENT_KIND_LABELS[checked.document.kind]}, ${payload.length} bytes, sha256 ${checked.sha256} (read from ${progress.total} ${progress.total === 1 ? 'part' : 'parts'} in ${names.length} ${names.length === 1 ? 'picture' : 'pictures'})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}
