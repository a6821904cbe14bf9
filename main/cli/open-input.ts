// What FILE means on the command line: an RSTUF file, or (with the exchange work) a bundle folder.

import { statSync } from 'node:fs';
import { SignerError } from '../../shared/errors.js';
import { loadDocumentFile, loadRootFile, type LoadedDocument } from '../engine/load-document.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { importBundleOrFile, type ImportedBundle } from '../exchange/bundle.js';

export interface OpenedInput {
  doc: LoadedDocument;
  /** Set when the input is a bundle folder. */
  bundleDir?: string;
  /** The checked bundle (manifest, fingerprint, files) when the input is a bundle folder. */
  bundle?: ImportedBundle;
}

export type BundleOpener = (dir: string) => OpenedInput;

/** Bundle folders are checked completely (hashes, kinds, consistency) before anything uses them. */
function openBundleFolder(dir: string): OpenedInput {
  const bundle = importBundleOrFile(dir);
  // Every command naming its input then shows the fingerprint key holders compare aloud.
  const doc = { ...bundle.document, source: `${bundle.document.source} (bundle fingerprint ${bundle.fingerprint})` };
  return { doc, bundleDir: bundle.path, bundle };
}
let bundleOpener: BundleOpener | undefined = openBundleFolder;

/** The exchange module registers how to open bundle folders (keeps this file free of it). */
export function registerBundleOpener(opener: BundleOpener): void {
  bundleOpener = opener;
}

export function openInput(path: string): OpenedInput {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // loadDocumentFile reports the missing file
  }
  if (isDir) {
    if (!bundleOpener) throw new SignerError('INPUT_UNREADABLE', `${path} is a folder; give an RSTUF JSON file`);
    return bundleOpener(path);
  }
  return { doc: loadDocumentFile(path) };
}

export function openTrustedRoot(path: string | undefined): RootMetadata | undefined {
  return path === undefined ? undefined : loadRootFile(path);
}
