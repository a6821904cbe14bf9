// The app's view of the trust store (main/core/trust): every repository pinned on this laptop (by
// the app or by `rstuf-signer trust pin --repository NAME`), the one the workspace is reviewed
// against, and pinning. Pinning the first root of a repository is trust on first use, so the user
// confirms its fingerprint out of band; a newer root provably signed by the chain from the latest
// trusted root is simply recorded; anything else replaces the anchor only after the user accepts a
// warning (a deliberate re-pin, the old trust folder kept aside by main/core/trust).
//
// Which repository the review, verify, sign and export are checked against is decided once, in
// TrustStore.inUse (main/core/trust), for the app and the CLI alike; inUse() (used by anchor(),
// pinnedRoot() and pinned()) asks it. It is the one the holder chose (kept in the data folder's
// settings.json, so it survives a restart and the CLI follows it), else the only one pinned. With
// several pinned and none chosen, nothing is guessed: anchoring refuses until the holder chooses.
//
// The folder is the CLI's default trust store too (<dataDir>/trust), and main/core/trust re-verifies its
// chain on every load: a root written into it by hand makes pinned() and anchor() refuse, naming
// the file, and is never shown as trusted. Pinning a new root (a deliberate re-pin) is still
// offered then, with the damage as its warning.

import { SignerError } from '../../shared/errors.js';
import type { PinnedRepository, PinnedRoot, TrustCandidate, TrustState } from '../../shared/ipc/schemas.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { keyDisplayName } from '../core/tuf/tuf-keys.js';
import { anchorBootstrap, anchorDocument, unanchored, type AnchorResult } from '../core/trust/anchor.js';
import { rootFingerprint, shortFingerprint, verifyRootLink, verifySelfSigned } from '../core/trust/chain.js';
import { checkRepositoryName, dataFolderTrustStore, DEFAULT_REPOSITORY, type RepositoryInUse, type RepositoryTrust, type TrustStore } from '../core/trust/trust-store.js';
import type { AppPaths } from '../core/platform/data-dir.js';
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
  /** The repository it was judged against, and would be pinned for. */
  repository: string;
  relation: TrustCandidate['relation'];
  warnings: string[];
  replaces: PinnedRoot | null;
  /** Why this root can never be pinned (not signed by a threshold of its own root keys), if so. */
  refusal?: string;
}

/** The warning for a root that can be looked at but never pinned (see AppTrust.assertPinnable). */
const unpinnable = (problem: string): string => `${problem}. It cannot be pinned: a trusted root must carry a threshold of its own root keys' signatures, as every TUF client checks; bring the root with its signatures (the bootstrap payload, or the root once its ceremony is done).`;

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
  private readonly candidates = new Map<string, Candidate>();
  private readonly sourceNames = new Map<string, string>();

  constructor(
    paths: Pick<AppPaths, 'trust' | 'settings'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = dataFolderTrustStore(paths);
  }

  /**
   * The repository the workspace is reviewed against: the holder's choice while it is pinned, else
   * the only one pinned. Undefined when nothing is pinned, or several are and none is chosen (problem).
   */
  inUse(): RepositoryInUse {
    return this.store.inUse('choose the one this workspace is reviewed against (Home, Trust store)');
  }

  /** The repository in use; throws when several are pinned and none is chosen (nothing is guessed). */
  private repositoryOrRefuse(): string | undefined {
    const { repository, problem } = this.inUse();
    if (problem !== null) throw new SignerError('TRUST_NOT_PINNED', problem);
    return repository;
  }

  /** The latest root the store trusts (pinned or verified from it) for the repository in use. */
  pinnedRoot(): RootMetadata | undefined {
    const repository = this.repositoryOrRefuse();
    return repository === undefined ? undefined : this.store.load(repository)?.latest;
  }

  /** The pinned root of the repository in use; throws TRUST_CHAIN_BROKEN (naming the file) when it does not verify. */
  pinned(): PinnedRoot | null {
    const { repository } = this.inUse();
    const trust = repository === undefined ? undefined : this.store.load(repository);
    return trust ? this.describePinned(trust) : null;
  }

  /** What Home shows: the root in use, and every pinned repository (a damaged one with its damage). */
  state(): TrustState {
    const { repository, problem } = this.inUse();
    const repositories: PinnedRepository[] = this.store.repositories().map((name) => {
      try {
        const trust = this.store.load(name);
        return { repository: name, pinned: trust ? this.describePinned(trust) : null, problem: null };
      } catch (error) {
        if (!(error instanceof SignerError) || error.code !== 'TRUST_CHAIN_BROKEN') throw error;
        return { repository: name, pinned: null, problem: error.message };
      }
    });
    // From the list just read: a damaged repository in use is shown with its damage, and the holder
    // can still choose another (pinned() would throw and hide the whole list).
    const pinned = repositories.find((r) => r.repository === repository)?.pinned ?? null;
    return { pinned, repository: repository ?? null, repositories, choiceProblem: problem };
  }

  /**
   * Chooses the repository reviews are checked against, remembered in settings.json (written
   * atomically). Only a pinned repository whose chain verifies can be chosen.
   */
  choose(name: string): TrustState {
    const repository = checkRepositoryName(name);
    const pinned = this.store.repositories();
    if (!pinned.includes(repository)) {
      throw new SignerError('TRUST_NOT_PINNED', `no root is pinned for repository "${repository}"; the pinned ones are ${pinned.map((r) => `"${r}"`).join(', ') || 'none'}`);
    }
    this.store.load(repository);
    this.store.remember(repository);
    return this.state();
  }

  private describePinned(trust: RepositoryTrust): PinnedRoot {
    return {
      ...describeRoot(trust.latest),
      pinnedAt: trust.index.pinned.pinnedAt,
      sourceName: this.sourceNames.get(trust.index.pinned.sha256) ?? `root v${trust.pinned.signed.version} pinned`,
    };
  }

  /** Anchors a document for review and signing, in the repository in use; unanchored when nothing is pinned. */
  anchor(doc: RstufDocument): AnchorResult {
    // The same decisions as the CLI's (core/trust/anchor.ts), a bootstrap's included. A bootstrap
    // needs no earlier root, so it is reviewed even while no repository is chosen.
    const { repository, problem } = this.inUse();
    if (doc.kind === 'bootstrap') return anchorBootstrap(repository === undefined ? undefined : this.store.load(repository), doc);
    if (problem !== null) throw new SignerError('TRUST_NOT_PINNED', problem);
    if (repository === undefined || !this.store.load(repository)) return unanchored();
    return anchorDocument(this.store, repository, doc);
  }

  /**
   * Reads `root` as a candidate for `repository` (default: the one in use, else "default"): how it
   * relates to that repository's trusted chain. A new name is a first pin; an existing one a re-pin.
   */
  preview(root: RootMetadata, sourceName: string, repository?: string): TrustCandidate {
    const candidateId = mintId('candidate');
    return this.judge(candidateId, root, sourceName, repository ?? this.inUse().repository ?? DEFAULT_REPOSITORY);
  }

  /** The same candidate judged against another repository name (the holder renamed it on the pin card). */
  rejudge(candidateId: string, repository?: string): TrustCandidate {
    const c = this.candidates.get(candidateId);
    if (!c) throw new SignerError('TRUST_NOT_PINNED', 'this root preview is no longer valid; preview the root again before pinning it');
    return this.judge(candidateId, c.root, c.sourceName, repository ?? c.repository);
  }

  private judge(candidateId: string, root: RootMetadata, sourceName: string, name: string): TrustCandidate {
    const repository = checkRepositoryName(name);
    let trust: RepositoryTrust | undefined;
    let damage: string | undefined;
    try {
      trust = this.store.load(repository);
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
      if (selfProblem) warnings.push(unpinnable(selfProblem));
    } else if (!trust) {
      relation = 'first-pin';
      if (selfProblem) warnings.push(unpinnable(selfProblem));
    } else {
      const latest = trust.latest;
      if (rootFingerprint(latest) === rootFingerprint(root) || rootFingerprint(trust.roots.get(root.signed.version) ?? latest) === rootFingerprint(root)) {
        relation = 'same';
      } else if (root.signed.version <= latest.signed.version) {
        relation = 'older';
        warnings.push(`Root v${root.signed.version} is not newer than the trusted root v${latest.signed.version} of repository "${repository}"; pinning it replaces the trust anchor with an older or different root.`);
      } else {
        const linkProblem = failureOf(() => verifyRootLink(latest, root));
        if (!linkProblem) relation = 'verified';
        else {
          relation = 'unverified';
          warnings.push(`${linkProblem}. Pinning it replaces the trust anchor of repository "${repository}"; confirm its fingerprint with the other key holders first.`);
        }
      }
      if (selfProblem && relation === 'older') warnings.push(unpinnable(selfProblem));
    }
    const replaces = trust ? this.describePinned(trust) : null;
    // A root already trusted here ('same') pins nothing, so there is nothing to refuse.
    const refusal = selfProblem !== undefined && relation !== 'same' ? { refusal: selfProblem } : {};
    this.candidates.set(candidateId, { root, sourceName, repository, relation, warnings, replaces, ...refusal });
    return { candidateId, repository, root: { ...describeRoot(root), sourceName }, relation, replaces, warnings, overview: rootOverview(root.signed) };
  }

  /** What a candidate would pin (for main's own confirmation), or undefined when it is unknown. */
  candidate(candidateId: string): { version: number; fingerprint: string; sourceName: string; repository: string; relation: TrustCandidate['relation']; warnings: string[] } | undefined {
    const c = this.candidates.get(candidateId);
    return c && { version: c.root.signed.version, fingerprint: rootFingerprint(c.root), sourceName: c.sourceName, repository: c.repository, relation: c.relation, warnings: c.warnings };
  }

  /**
   * Throws when the candidate can never be pinned, before anyone is asked to confirm it: a trust
   * anchor is a root signed by a threshold of its own root keys, as TUF clients require of theirs
   * (the trust store's one rule for the app and the CLI, re-checked on every load).
   */
  assertPinnable(candidateId: string): void {
    const refusal = this.candidates.get(candidateId)?.refusal;
    if (refusal !== undefined) {
      throw new SignerError('TRUST_CHAIN_BROKEN', `not pinned: ${refusal}. A trusted root must carry a threshold of its own root keys' signatures (every TUF client checks it); pin the root with its signatures (the bootstrap payload, or the root once its ceremony is done)`);
    }
  }

  /**
   * Pins the candidate for the repository it was judged against, by the rules it was judged by:
   * a verified next root is recorded; a first pin needs nothing more; anything else is a re-pin
   * that core's TrustStore.pin makes only when asked to (repin), here only with the warnings accepted.
   */
  pin(candidateId: string, acceptWarnings: boolean): PinnedRoot {
    this.assertPinnable(candidateId);
    const c = this.candidates.get(candidateId);
    if (!c) throw new SignerError('TRUST_NOT_PINNED', 'this root preview is no longer valid; preview the root again before pinning it');
    if (c.warnings.length > 0 && !acceptWarnings) throw new SignerError('TRUST_CHAIN_BROKEN', `not pinned: ${c.warnings[0]} Accept the warning to pin it anyway.`);
    // Judged again now: the CLI shares the store, and what the holder accepted must still be what happens.
    const now = this.judge(candidateId, c.root, c.sourceName, c.repository);
    if (now.relation !== c.relation || now.warnings.join('\n') !== c.warnings.join('\n')) {
      throw new SignerError('TRUST_CHAIN_BROKEN', `not pinned: the trust store of repository "${c.repository}" changed since this root was shown; look at it again before pinning it`);
    }
    const before = this.inUse();
    if (c.relation === 'verified') this.store.addVerifiedRoots(c.repository, [c.root], this.now());
    else if (c.relation !== 'same') this.store.pin(c.repository, c.root, { confirmation: 'prompt', repin: c.relation !== 'first-pin', now: this.now() });
    this.sourceNames.set(rootFingerprint(c.root), c.sourceName);
    this.candidates.delete(candidateId);
    // A second repository does not move the workspace off the one it was reviewed against (kept as
    // the choice now that it is no longer the only one); with none in use before, the new pin is.
    const keep = before.repository ?? c.repository;
    if (this.store.repositories().length > 1 && this.store.chosen() !== keep) {
      try {
        this.store.remember(keep);
      } catch (error) {
        // The root is pinned; only the choice was not remembered. Reviews then refuse with "choose
        // the repository" (inUse's problem) instead of guessing, so reporting the pin as failed would mislead.
        if (!(error instanceof SignerError)) throw error;
      }
    }
    return this.describePinned(this.store.load(c.repository) as RepositoryTrust);
  }
}
