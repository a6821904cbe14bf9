// What FILE means on the command line: an RSTUF file, or (with the exchange work) a bundle folder.

import { statSync } from 'node:fs';
import { loadDocumentFile, loadRootFile, type LoadedDocument } from '../core/tuf/load-document.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { importBundleOrFile, type ImportedBundle } from '../core/exchange/bundle.js';

export interface OpenedInput {
  doc: LoadedDocument;
  /** Set when the input is a bundle folder. */
  bundleDir?: string;
  /** The checked bundle (manifest, fingerprint, files) when the input is a bundle folder. */
  bundle?: ImportedBundle;
}

/** Bundle folders are checked completely (hashes, kinds, consistency) before anything uses them. */
function openBundleFolder(dir: string): OpenedInput {
  const bundle = importBundleOrFile(dir);
  // Every command naming its input then shows the fingerprint key holders compare aloud.
  const doc = { ...bundle.document, source: `${bundle.document.source} (bundle fingerprint ${bundle.fingerprint})` };
  return { doc, bundleDir: bundle.path, bundle };
}
export function openInput(path: string): OpenedInput {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // loadDocumentFile reports the missing file
  }
  if (isDir) return openBundleFolder(path);
  return { doc: loadDocumentFile(path) };
}

export function openTrustedRoot(path: string | undefined): RootMetadata | undefined {
  return path === undefined ? undefined : loadRootFile(path);
}
