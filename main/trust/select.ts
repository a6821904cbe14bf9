// Which trust store and repository a command uses: --trust-store DIR, else the default store when
// it has a pinned root. Without any pin the review says the trusted root is taken on its word.

import { SignerError } from '../../shared/errors.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { anchorDocument, unanchored, type AnchorResult } from './anchor.js';
import { defaultTrustStoreDir, TrustStore } from './trust-store.js';

export interface TrustFlags {
  trustStore?: string | undefined;
  repository?: string | undefined;
}

export function selectTrustStore(flags: TrustFlags, env: NodeJS.ProcessEnv = process.env): { store: TrustStore; repository: string | undefined; explicit: boolean } {
  const explicit = flags.trustStore !== undefined || flags.repository !== undefined;
  const store = new TrustStore(flags.trustStore ?? defaultTrustStoreDir(env));
  return { store, repository: store.resolveRepository(flags.repository), explicit };
}

/**
 * Anchors `doc` for a command. `explicitTrustedRoot` (--trusted-root) stands in for a trusted root
 * the document lacks, and is then checked against the store like any other.
 */
export function anchorForCommand(doc: RstufDocument, flags: TrustFlags, explicitTrustedRoot?: RootMetadata, chain: RootMetadata[] = []): { anchor: AnchorResult; doc: RstufDocument } {
  const effective: RstufDocument = explicitTrustedRoot ? { ...doc, trustedRoot: explicitTrustedRoot } : doc;
  const { store, repository, explicit } = selectTrustStore(flags);
  if (repository === undefined) {
    if (explicit) {
      throw new SignerError('TRUST_NOT_PINNED', `no root is pinned in the trust store ${store.dir}; pin one with \`rstuf-signer trust pin ROOT.json --trust-store ${store.dir}\``);
    }
    return { anchor: unanchored(), doc: effective };
  }
  return { anchor: anchorDocument(store, repository, effective, { chain }), doc: effective };
}
