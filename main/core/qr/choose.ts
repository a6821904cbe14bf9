// Which file of a bundle or workspace item goes into QR frames. Offline -> online: the signatures
// (one RSTUF POST /api/v1/metadata/sign payload each) when there are any, else the signed
// bootstrap/update/delegations payload. Online -> offline: the document the offline keys act on
// (a root, a root update, a bootstrap payload, a sign-pending response). One file per animation.

import { SignerError } from '../../../shared/errors.js';
import type { DocumentKind } from '../../../shared/tuf/documents.js';

export interface QrCandidate {
  name: string;
  kind: DocumentKind;
}

/** The files worth showing as QR codes, the first one being the default. */
export function qrCandidates<F extends QrCandidate>(files: readonly F[], documentName: string): F[] {
  const payloads = files.filter((f) => f.kind === 'sign-payload');
  if (payloads.length > 0) return payloads;
  const document = files.find((f) => f.name === documentName);
  return document ? [document, ...files.filter((f) => f !== document)] : [...files];
}

/** The one file to show: `wanted` by name, or the only candidate; several need a choice, named. */
export function chooseQrFile<F extends QrCandidate>(files: readonly F[], documentName: string, label: string, wanted?: string, flag = '--file NAME'): F {
  const candidates = qrCandidates(files, documentName);
  if (wanted !== undefined) {
    const found = files.find((f) => f.name === wanted);
    if (!found) throw new SignerError('USAGE', `${label} has no file "${wanted}" (it holds ${files.map((f) => f.name).join(', ')})`);
    return found;
  }
  const payloads = candidates.filter((f) => f.kind === 'sign-payload');
  if (payloads.length > 1) {
    throw new SignerError('USAGE', `${label} holds ${payloads.length} signatures, one animation each: choose one with ${flag} (${payloads.map((f) => f.name).join(', ')})`);
  }
  const first = candidates[0];
  if (!first) throw new SignerError('INPUT_UNKNOWN_KIND', `${label} holds no file to show as QR codes`);
  return first;
}
