// From bytes on disk to a checked RstufDocument: size limit, strict UTF-8, strict JSON, kind
// detection, and structural validation of every piece of metadata in it.

import { readRegularFile } from '../platform/read-file.js';
import { basename } from 'node:path';
import { prefixed, SignerError } from '../../../shared/errors.js';
import { JsonInputError, parseStrictJsonWithKeys, type JsonObject, type JsonValue, type StrictJsonParse } from '../../../shared/json/strict-json.js';
import { readDocument, type RstufDocument } from '../../../shared/tuf/documents.js';
import { sealForSigning } from '../../../shared/tuf/canonical.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { validateMetadata } from './validate-metadata.js';

/** Largest RSTUF file accepted: a 100,000-artifact targets role is about 25 MB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export interface LoadedDocument extends RstufDocument {
  /** Display name of where it came from (file name, never a full path in UI messages). */
  source: string;
  /** Roles whose re-serialization by a TUF library would differ from the bytes given. */
  reserializationDiffers: string[];
}

export function readJsonFile(path: string, maxBytes = MAX_INPUT_BYTES): JsonValue {
  return parseJsonText(readTextFile(path, maxBytes), basename(path));
}

/** A file's text: size limit, strict UTF-8. Errors name the file, never its full path. */
export function readTextFile(path: string, maxBytes = MAX_INPUT_BYTES): string {
  const name = basename(path);
  const bytes = readRegularFile(path, {
    label: name,
    maxBytes,
    tooLarge: (size) => `${name} is ${(size / 1048576).toFixed(1)} MB, larger than the ${(maxBytes / 1048576).toFixed(0)} MB limit for RSTUF files`,
  });
  return decodeUtf8(bytes, name);
}

export function decodeUtf8(buf: Uint8Array, name: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new SignerError('INPUT_MALFORMED', `${name} is not UTF-8 text`);
  }
}

export function parseJsonText(text: string, name: string): JsonValue {
  return parseJsonTextWithKeys(text, name).value;
}

function parseJsonTextWithKeys(text: string, name: string): StrictJsonParse {
  try {
    return parseStrictJsonWithKeys(text, { maxLength: MAX_INPUT_BYTES });
  } catch (error) {
    if (error instanceof JsonInputError) {
      const code = error.code === 'JSON_TOO_LARGE' ? 'INPUT_TOO_LARGE' : 'INPUT_MALFORMED';
      throw new SignerError(code, `${name}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Detects and validates a parsed document. Errors are prefixed with `source`. */
export function checkDocument(json: JsonValue, source: string): LoadedDocument {
  return checkParsedDocument(json, source, new Map());
}

/**
 * Parses and checks an RSTUF file's text in one call, so the key lists the strict parser made
 * for its duplicate-key check go straight to the validation of the same, unchanged objects
 * instead of enumerating a 100,000-artifact map again (docs/performance.md).
 */
export function loadDocumentText(text: string, name: string): LoadedDocument {
  const { value, bigObjectKeys } = parseJsonTextWithKeys(text, name);
  return checkParsedDocument(value, name, bigObjectKeys);
}

/**
 * `keysAtParse`: key lists from the parse of `json`, which nothing has changed since. Nothing in
 * here may change `json` before its roles are validated, or a list would miss a key (a deep-frozen
 * value must check the same: test/unit/core/tuf/frozen-keys.test.ts).
 */
function checkParsedDocument(json: JsonValue, source: string, keysAtParse: ReadonlyMap<object, readonly string[]>): LoadedDocument {
  let doc: RstufDocument;
  try {
    doc = readDocument(json);
  } catch (error) {
    if (error instanceof SignerError) throw prefixed(error, source);
    throw error;
  }
  const reserializationDiffers: string[] = [];
  const check = (md: Parameters<typeof validateMetadata>[0], where: string, toBeSealed = false): void => {
    try {
      const targets = md.signed._type === 'targets' ? (md.signed as { targets?: unknown }).targets : undefined;
      const targetsKeys = typeof targets === 'object' && targets !== null ? keysAtParse.get(targets) : undefined;
      if (!validateMetadata(md, where, { freezeTargets: toBeSealed, ...(targetsKeys ? { targetsKeys } : {}) }).roundTrips) reserializationDiffers.push(where);
    } catch (error) {
      if (error instanceof SignerError) throw prefixed(error, source);
      throw error;
    }
  };
  for (const p of doc.pending) check(p.metadata, p.name, true);
  if (doc.trustedRoot) check(doc.trustedRoot, 'trusted_root');
  if (doc.trustedTargets) check(doc.trustedTargets, 'trusted_targets');
  // What is to be signed is now fixed: freeze it so its canonical bytes are serialized once for
  // verifying, reviewing and signing (docs/performance.md). Signing works on copies.
  for (const p of doc.pending) sealForSigning(p.metadata.signed);
  return { ...doc, source, reserializationDiffers };
}

/**
 * The document once signatures were added or dropped. Every pending role still holds the sealed
 * `signed` object validated on import (signing changes signature lists only), so it is neither
 * parsed nor validated again: for a 100,000-artifact role that took a second per signature. A
 * document whose signed parts are not those very objects is checked in full.
 */
export function withNewSignatures(doc: LoadedDocument, json: JsonObject): LoadedDocument {
  const next = readDocument(json);
  const sameSigned =
    next.kind === doc.kind &&
    next.pending.length === doc.pending.length &&
    next.pending.every((p, i) => p.name === doc.pending[i]?.name && p.metadata.signed === doc.pending[i]?.metadata.signed);
  if (!sameSigned) return checkDocument(json, doc.source);
  return { ...next, source: doc.source, reserializationDiffers: doc.reserializationDiffers };
}

export function loadDocumentFile(path: string): LoadedDocument {
  return loadDocumentText(readTextFile(path), basename(path));
}

export function loadRootFile(path: string): RootMetadata {
  const doc = loadDocumentFile(path);
  const root = doc.kind === 'metadata' ? doc.pending[0]?.metadata : doc.kind === 'update' || doc.kind === 'bootstrap' ? doc.pending[0]?.metadata : undefined;
  if (!root || root.signed._type !== 'root') throw new SignerError('INPUT_NOT_TUF', `${doc.source} is not root metadata`);
  return root as RootMetadata;
}
