// Where a built payload goes: a new bundle folder (the exchange module's format, so `rstuf-signer
// sign DIR` and the desktop app open it like any other bundle). The payload is checked the same
// way every imported RSTUF file is (kind detection, python-tuf rules) before anything is written,
// and its signature status is computed so the CLI can say who still has to sign.

import type { JsonObject } from '../../../shared/json/strict-json.js';
import type { DocumentKind } from '../../../shared/tuf/documents.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { checkDocument, type LoadedDocument } from '../tuf/load-document.js';
import { roleStatus, type RoleStatus } from '../tuf/authorization.js';
import { createBundle, DEFAULT_FILE_NAMES } from '../exchange/bundle.js';
import { SignerError } from '../../../shared/errors.js';

export interface WrittenPayload {
  /** The bundle folder. */
  dir: string;
  /** The payload's file name inside it. */
  file: string;
  fingerprint: string;
  /** Signature status of the root in the payload (absent for delegations). */
  status?: RoleStatus;
}

export function payloadBytes(payload: JsonObject): Uint8Array {
  return Buffer.from(`${JSON.stringify(payload, null, 2)}\n`, 'utf8');
}

/** Re-reads a built payload exactly as an importer would; a failure here is a bug, not user input. */
export function checkBuiltPayload(payload: JsonObject, expected: DocumentKind, name: string): LoadedDocument {
  const doc = checkDocument(JSON.parse(Buffer.from(payloadBytes(payload)).toString('utf8')), name);
  if (doc.kind !== expected) throw new SignerError('INTERNAL', `${name} was built as a ${expected} payload but reads as ${doc.kind}`);
  return doc;
}

export function rootStatusOf(doc: LoadedDocument, trustedRoot?: RootMetadata): RoleStatus | undefined {
  const pending = doc.pending[0];
  return pending ? roleStatus(doc, pending, trustedRoot ? { trustedRoot } : {}) : undefined;
}

/** Writes `payload` as the only file of a new bundle folder `outDir` (never overwriting). */
export function writePayloadBundle(payload: JsonObject, kind: Exclude<DocumentKind, 'metadata' | 'sign-pending' | 'sign-payload'>, outDir: string, trustedRoot?: RootMetadata): WrittenPayload {
  const file = DEFAULT_FILE_NAMES[kind];
  const doc = checkBuiltPayload(payload, kind, file);
  const bundle = createBundle([{ name: file, bytes: payloadBytes(payload) }], outDir);
  const status = kind === 'delegations' ? undefined : rootStatusOf(doc, trustedRoot);
  return { dir: bundle.path, file, fingerprint: bundle.fingerprint, ...(status ? { status } : {}) };
}
