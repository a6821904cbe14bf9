// The app's animated QR codes (issue 15). Offline -> online: an item's export, the same bytes the
// file export writes (a signature's POST /api/v1/metadata/sign payload, or the signed payload), as
// BBQr frames for the renderer to draw. Online -> offline: the frames the Scan screen's camera
// reads, joined here and imported through the same path as a dropped file (sizes, kinds, hashes,
// then the review). The camera is granted only while a scan the holder started is open
// (CameraGate, read by the Electron shell's permission handler).

import { createHash } from 'node:crypto';
import { SignerError } from '../../shared/errors.js';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract.js';
import type { WorkspaceItem } from '../../shared/ipc/schemas.js';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../shared/tuf/documents.js';
import { assertNoRefusedSignatures } from '../core/tuf/authorization.js';
import { DEFAULT_FILE_NAMES } from '../core/exchange/bundle.js';
import { chooseQrFile, qrCandidates } from '../core/qr/choose.js';
import { QrCollector } from '../core/qr/collect.js';
import { encodeQrFrames } from '../core/qr/frames.js';
import { qrMatrix } from '../core/qr/matrix.js';
import type { AppContext } from './context.js';
import { mintId } from './ids.js';
import { parseDocumentBytes, type WorkspaceEntry } from './workspace.js';

/** The scans the holder started and has not stopped: while one is open, the camera may be granted. */
export class CameraGate {
  private readonly open = new Set<string>();
  arm(scanId: string): void {
    this.open.add(scanId);
  }
  disarm(scanId: string): void {
    this.open.delete(scanId);
  }
  /** Did the Scan screen ask for the camera (a scan is open)? */
  get wanted(): boolean {
    return this.open.size > 0;
  }
}

/** The name a scanned payload is imported under when RSTUF has no default name for its kind. */
export const SCANNED_FILE_NAME = 'scanned-qr.json';

/** QR frames carry no file name: the scanned file gets RSTUF's usual name for its kind, so an export writes what `send` and RSTUF's CLI expect. */
function scannedFileName(bytes: Uint8Array): string {
  try {
    const kind = parseDocumentBytes(bytes, SCANNED_FILE_NAME).kind;
    return kind === 'metadata' ? SCANNED_FILE_NAME : DEFAULT_FILE_NAMES[kind];
  } catch {
    // The import below refuses it with the reason.
    return SCANNED_FILE_NAME;
  }
}

export interface QrServiceDeps {
  ctx: AppContext;
  camera: CameraGate;
  /** The app's import of dropped files (services.workspaceImportDropped): the same checks as a file. */
  importDropped(request: RequestOf<'workspaceImportDropped'>): Promise<WorkspaceItem>;
}

type QrServices = { [K in 'qrExportFrames' | 'qrScanStart' | 'qrScanFrame' | 'qrScanStop']: (request: RequestOf<K>) => Promise<ResponseOf<K>> };

/** The item's files as the file export writes them, with their kinds. */
function exportFiles(entry: WorkspaceEntry): { name: string; kind: DocumentKind; bytes: Uint8Array }[] {
  return entry.files.map((f) => ({ name: f.name, bytes: f.bytes, kind: f.name === entry.documentFileName ? entry.doc.kind : parseDocumentBytes(f.bytes, f.name).kind }));
}

export function createQrService(deps: QrServiceDeps): QrServices {
  const { ctx, camera } = deps;
  const scans = new Map<string, QrCollector>();

  function close(scanId: string): void {
    scans.delete(scanId);
    camera.disarm(scanId);
  }

  return {
    async qrExportFrames(req) {
      const entry = ctx.workspace.get(req.itemId);
      // As for the file export: RSTUF would refuse this payload whole.
      const anchor = ctx.trust.anchor(entry.doc);
      assertNoRefusedSignatures(entry.doc, anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {});
      const files = exportFiles(entry);
      const file = chooseQrFile(files, entry.documentFileName, entry.displayName, req.fileName, 'the file list');
      const frames = encodeQrFrames(file.bytes, file.name);
      return {
        itemId: entry.id,
        fileName: file.name,
        kindLabel: DOCUMENT_KIND_LABELS[file.kind],
        bytes: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        choices: qrCandidates(files, entry.documentFileName).map((f) => f.name),
        version: frames.version,
        frames: frames.parts.map((text) => ({ text, ...qrMatrix(text, frames.version) })),
      };
    },

    async qrScanStart() {
      const scanId = mintId('scan');
      scans.set(scanId, new QrCollector());
      camera.arm(scanId);
      return { scanId };
    },

    async qrScanFrame(req) {
      const collector = scans.get(req.scanId);
      if (!collector) throw new SignerError('INPUT_UNREADABLE', 'this scan is no longer open (it finished or was stopped); start the camera again');
      const added = collector.add(req.text);
      const progress = added.progress;
      const refused = added.accepted ? null : added.reason;
      if (!progress.complete || !added.accepted || added.repeat) return { ...progress, refused, item: null };
      // Every part is in: the camera is not needed any more, whatever the import says.
      close(req.scanId);
      const bytes = collector.result('the QR codes read');
      const item = await deps.importDropped({ files: [{ path: scannedFileName(bytes), contentBase64: Buffer.from(bytes).toString('base64') }], ...(req.operationId ? { operationId: req.operationId } : {}) });
      return { ...progress, refused: null, item };
    },

    async qrScanStop(req) {
      close(req.scanId);
      return {};
    },
  };
}
