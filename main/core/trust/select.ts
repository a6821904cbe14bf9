// Which trust store and repository a command uses: --trust-store DIR, else the default store (the
// trust/ folder of the data folder shared with the desktop app) when it has a pinned root; the
// repository is --repository, else the one in use (TrustStore.inUse: the app's choice for
// reviews, else the only one pinned). Without any pin the review says the trusted root
// is taken on its word.

import { SignerError } from '../../../shared/errors.js';
import type { RstufDocument } from '../../../shared/tuf/documents.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { anchorBootstrap, anchorDocument, unanchored, type AnchorResult } from './anchor.js';
import { appPaths, defaultDataDir, migrateLegacyTrustStore } from '../platform/data-dir.js';
import { dataFolderTrustStore, TrustStore } from './trust-store.js';

export interface TrustFlags {
  trustStore?: string | undefined;
  repository?: string | undefined;
}

/** Where a one-line notice goes (the move of an old trust store); the CLI passes io.stderr. */
export type Notice = (line: string) => void;

const stderrNotice: Notice = (line) => process.stderr.write(`rstuf-signer: ${line}\n`);

/**
 * The store a command uses. The default store is first moved over from the CLI's old place
 * (~/.config/rstuf-signer/trust) when it does not exist yet; `notice` gets the one line saying so.
 */
export function selectTrustStore(
  flags: TrustFlags,
  env: NodeJS.ProcessEnv = process.env,
  notice: Notice = stderrNotice,
): { store: TrustStore; repository: string | undefined; explicit: boolean } {
  const explicit = flags.trustStore !== undefined || flags.repository !== undefined;
  const store = openTrustStore(flags, env, notice);
  return { store, repository: store.resolveRepository(flags.repository), explicit };
}

/**
 * The store alone, for commands that name their repository themselves or list them all (trust pin,
 * trust show): choosing one of several pinned repositories is not asked of them.
 */
export function openTrustStore(flags: Pick<TrustFlags, 'trustStore'>, env: NodeJS.ProcessEnv = process.env, notice: Notice = stderrNotice): TrustStore {
  if (flags.trustStore !== undefined) return new TrustStore(flags.trustStore);
  const moved = migrateLegacyTrustStore(env);
  if (moved !== undefined) notice(moved);
  // The data folder's own store comes with the repository the app chose for reviews.
  return dataFolderTrustStore(appPaths(defaultDataDir(env), { create: false }));
}

/**
 * Anchors `doc` for a command. `explicitTrustedRoot` (--trusted-root) stands in for a trusted root
 * the document lacks, and is then checked against the store like any other.
 */
export function anchorForCommand(
  doc: RstufDocument,
  flags: TrustFlags,
  explicitTrustedRoot?: RootMetadata,
  chain: RootMetadata[] = [],
  notice: Notice = stderrNotice,
): { anchor: AnchorResult; doc: RstufDocument } {
  const effective: RstufDocument = explicitTrustedRoot ? { ...doc, trustedRoot: explicitTrustedRoot } : doc;
  const { store, repository, explicit } = selectTrustStore(flags, process.env, notice);
  if (repository === undefined) {
    if (doc.kind === 'bootstrap') return { anchor: anchorBootstrap(undefined, effective), doc: effective };
    if (explicit) {
      throw new SignerError('TRUST_NOT_PINNED', `no root is pinned in the trust store ${store.dir}; pin one with \`rstuf-signer trust pin ROOT.json --trust-store ${store.dir}\``);
    }
    return { anchor: unanchored(), doc: effective };
  }
  return { anchor: anchorDocument(store, repository, effective, { chain }), doc: effective };
}
