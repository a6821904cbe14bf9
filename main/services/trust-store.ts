// The app's view of the trust store (main/core/trust): one repository per laptop ("default"), its pinned
// root and the roots verified from it. Pinning the first root is trust on first use, so the user
// confirms its fingerprint out of band; a newer root provably signed by the chain from the latest
// trusted root is simply recorded; anything else replaces the anchor only after the user accepts a
// warning (a deliberate re-pin, the old trust folder kept aside by main/core/trust).
//
// The folder is the CLI's default trust store too (<dataDir>/trust), and main/core/trust re-verifies its
// chain on every load: a root written into it by hand makes pinned() and anchor() refuse, naming
// the file, and is never shown as trusted. Pinning a new root (a deliberate re-pin) is still
// offered then, with the damage as its warning.

import { SignerError } from '../../shared/errors.js';
import type { PinnedRoot, TrustCandidate } from '../../shared/ipc/schemas.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { keyDisplayName } from '../core/tuf/tuf-keys.js';
import { anchorBootstrap, anchorDocument, unanchored, type AnchorResult } from '../core/trust/anchor.js';
import { rootFingerprint, shortFingerprint, verifyRootLink, verifySelfSigned } from '../core/trust/chain.js';
import { DEFAULT_REPOSITORY, TrustStore, type RepositoryTrust } from '../core/trust/trust-store.js';
import { mintId } from './ids.js';
import { rootOverview } from '../../shared/review/build-review.js';

export { shortFingerprint };

export function describeRoot(root: RootMetadata): Omit<PinnedRoot, 'pinnedAt' | 'sourceName'> {
  const s = root.signed;
  const ids = s.roles?.root?.keyids ?? [];
  return {
    version: s.version,
    expires: s.expires,
    fingerprint: rootFingerprint(root),
    threshold: s.roles?.root?.threshold ?? 0,
    keys: ids.map((keyid) => ({ keyid, name: keyDisplayName(keyid, s.keys?.[keyid]) })),
  };
}

interface Candidate {
  root: RootMetadata;
  sourceName: string;
  relation: TrustCandidate['relation'];
  warnings: string[];
}

const failureOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof SignerError) return error.message;
    throw error;
  }
};

export class AppTrust {
  readonly store: TrustStore;
  /**
   * The repository the app works with: the one the store holds (whatever the CLI named it with
   * --repository), else "default". A store holding several repositories is used as "default" here:
   * choosing among them in the app is not built yet.
   */
  get repository(): string {
    const repos = this.store.repositories();
    return repos.length === 1 ? (repos[0] as string) : DEFAULT_REPOSITORY;
  }
  private readonly candidates = new Map<string, Candidate>();
  private readonly sourceNames = new Map<string, string>();

  constructor(
    dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new TrustStore(dir);
  }

  /** The latest root the store trusts (pinned or verified from it). */
  pinnedRoot(): RootMetadata | undefined {
    return this.store.load(this.repository)?.latest;
  }

  /** The pinned root as shown; throws TRUST_CHAIN_BROKEN (naming the file) when the store does not verify. */
  pinned(): PinnedRoot | null {
    const trust = this.store.load(this.repository);
    return trust ? this.describePinned(trust) : null;
  }

  private describePinned(trust: RepositoryTrust): PinnedRoot {
    return {
      ...describeRoot(trust.latest),
      pinnedAt: trust.index.pinned.pinnedAt,
      sourceName: this.sourceNames.get(trust.index.pinned.sha256) ?? `root v${trust.pinned.signed.version} pinned`,
    };
  }

  /** Anchors a document for review and signing; unanchored when nothing is pinned. */
  anchor(doc: RstufDocument): AnchorResult {
    // The same decisions as the CLI's (core/trust/anchor.ts), a bootstrap's included.
    const trust = this.store.load(this.repository);
    if (doc.kind === 'bootstrap') return anchorBootstrap(trust, doc);
    if (!trust) return unanchored();
    return anchorDocument(this.store, this.repository, doc);
  }

  preview(root: RootMetadata, sourceName: string): TrustCandidate {
    let trust: RepositoryTrust | undefined;
    let damage: string | undefined;
    try {
      trust = this.store.load(this.repository);
    } catch (error) {
      if (!(error instanceof SignerError) || error.code !== 'TRUST_CHAIN_BROKEN') throw error;
      damage = error.message;
    }
    const warnings: string[] = [];
    let relation: TrustCandidate['relation'];
    const selfProblem = failureOf(() => verifySelfSigned(root, `root v${root.signed.version}`));
    if (damage !== undefined) {
      // Nothing of a damaged store is trusted: pinning this root replaces it (kept aside).
      relation = 'unverified';
      warnings.push(`The trust store cannot be used: ${damage}. Pinning this root replaces it; confirm its fingerprint with the other key holders first.`);
      if (selfProblem) warnings.push(`${selfProblem}.`);
    } else if (!trust) {
      relation = 'first-pin';
      if (selfProblem) warnings.push(`${selfProblem}.`);
    } else {
      const latest = trust.latest;
      if (rootFingerprint(latest) === rootFingerprint(root) || rootFingerprint(trust.roots.get(root.signed.version) ?? latest) === rootFingerprint(root)) {
        relation = 'same';
      } else if (root.signed.version <= latest.signed.version) {
        relation = 'older';
        warnings.push(`Root v${root.signed.version} is not newer than the trusted root v${latest.signed.version}; pinning it replaces the trust anchor with an older or different root.`);
      } else {
        const linkProblem = failureOf(() => verifyRootLink(latest, root));
        if (!linkProblem) relation = 'verified';
        else {
          relation = 'unverified';
          warnings.push(`${linkProblem}. Pinning it replaces the trust anchor; confirm its fingerprint with the other key holders first.`);
        }
      }
    }
    const candidateId = mintId('candidate');
    this.candidates.set(candidateId, { root, sourceName, relation, warnings });
    return { candidateId, root: { ...describeRoot(root), sourceName }, relation, replaces: trust ? this.describePinned(trust) : null, warnings, overview: rootOverview(root.signed) };
  }

  /** What a candidate would pin (for main's own confirmation), or undefined when it is unknown. */
  candidate(candidateId: string): { version: number; fingerprint: string; sourceName: string; relation: TrustCandidate['relation']; warnings: string[] } | undefined {
    const c = this.candidates.get(candidateId);
    return c && { version: c.root.signed.version, fingerprint: rootFingerprint(c.root), sourceName: c.sourceName, relation: c.relation, warnings: c.warnings };
  }

  pin(candidateId: string, acceptWarnings: boolean): PinnedRoot {
    const c = this.candidates.get(candidateId);
    if (!c) throw new SignerError('TRUST_NOT_PINNED', 'this root preview is no longer valid; preview the root again before pinning it');
    if (c.warnings.length > 0 && !acceptWarnings) throw new SignerError('TRUST_CHAIN_BROKEN', `not pinned: ${c.warnings[0]} Accept the warning to pin it anyway.`);
    if (c.relation === 'verified') this.store.addVerifiedRoots(this.repository, [c.root], this.now());
    else if (c.relation !== 'same') this.store.pin(this.repository, c.root, { confirmation: 'prompt', repin: c.relation !== 'first-pin', now: this.now() });
    this.sourceNames.set(rootFingerprint(c.root), c.sourceName);
    this.candidates.delete(candidateId);
    return this.pinned() as PinnedRoot;
  }
}
