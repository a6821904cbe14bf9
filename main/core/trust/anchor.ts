// Anchoring a document in the trust store: the document's trusted_root (and any root chain that
// came with it) must chain, link by link, from the pinned root. Roots the store already holds must
// be byte-for-byte the ones it verified (a swapped trusted_root is refused), nothing may be older
// than what the store trusts (rollback), and a missing version is refused (skipped version).

import { SignerError } from '../../../shared/errors.js';
import type { RstufDocument } from '../../../shared/tuf/documents.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import type { TrustSummary } from '../../../shared/review/types.js';
import { describeThreshold } from '../../../shared/review/words.js';
import { toThresholdSummary } from '../review/signature-summary.js';
import { rootFingerprint, shortFingerprint, thresholdOf, verifyRootLink } from './chain.js';
import { TrustStore, type RepositoryTrust } from './trust-store.js';

export interface AnchorOptions {
  /** Intermediate roots that came with the document (a bundle's root chain), any order. */
  chain?: RootMetadata[];
  /** Store roots verified on the way (default true). */
  record?: boolean;
}

export interface AnchorResult {
  trust: TrustSummary;
  /** The root the document's pending roles are checked against (from the document or the store). */
  trustedRoot?: RootMetadata;
  /** Versions newly verified and recorded in the store. */
  recorded: number[];
  /** The repository's allow-list of legacy key ids (see TrustStore.allowedKeyIds). */
  allowedKeyIds?: string[];
}

// Said the same by the CLI and the app (the review's trust-not-anchored warning carries it).
export const UNANCHORED_MESSAGE =
  'No root is pinned for this repository, so the trusted root in this file is taken on its word. Pin the repository\'s root after comparing its fingerprint with the other key holders (in the app: Home, Trust store; in the CLI: rstuf-signer trust pin ROOT.json).';

export const BOOTSTRAP_TRUST_MESSAGE =
  'This is a bootstrap: it creates the first root of a repository, so there is no earlier root to check it against. Compare its fingerprint with the other key holders before signing.';

export function unanchored(): AnchorResult {
  return { trust: { state: 'unanchored', message: UNANCHORED_MESSAGE }, recorded: [] };
}

/**
 * A bootstrap creates a repository's first root: nothing earlier can vouch for it, and a root
 * pinned for the repository this laptop already serves must not make it unreviewable. When that
 * pinned root is a different root v1, the message says so: the bootstrap is then for a new
 * repository, or it is not what the holder thinks.
 */
export function anchorBootstrap(trust: RepositoryTrust | undefined, doc: RstufDocument): AnchorResult {
  const pending = doc.pending.find((p) => p.metadata.signed._type === 'root');
  const pinned = trust?.pinned;
  if (pending === undefined || pinned === undefined || trust === undefined) return { trust: { state: 'unanchored', message: BOOTSTRAP_TRUST_MESSAGE }, recorded: [] };
  const pinnedHere = `repository "${trust.repository}" has root v${pinned.signed.version} pinned here (fingerprint ${shortFingerprint(trust.index.pinned.sha256)})`;
  const message =
    rootFingerprint(pinned) === rootFingerprint(pending.metadata as RootMetadata)
      ? `${BOOTSTRAP_TRUST_MESSAGE} Its root is the one ${pinnedHere}.`
      : `${BOOTSTRAP_TRUST_MESSAGE} A different root: ${pinnedHere}; sign this only to start a new repository.`;
  return { trust: { state: 'unanchored', message }, recorded: [] };
}

export function anchorDocument(store: TrustStore, repository: string, doc: RstufDocument, options: AnchorOptions = {}): AnchorResult {
  const trust = store.load(repository);
  if (doc.kind === 'bootstrap') return anchorBootstrap(trust, doc);
  if (!trust) {
    throw new SignerError('TRUST_NOT_PINNED', `no root is pinned for repository "${repository}"; pin one with \`rstuf-signer trust pin ROOT.json\` after comparing its fingerprint out of band`, { file: store.dir });
  }
  const pinnedVersion = trust.pinned.signed.version;
  const known = new Map(trust.roots);
  let current = trust.latest;
  const verified: RootMetadata[] = [];

  const candidates = new Map<number, RootMetadata>();
  for (const root of [...(options.chain ?? []), ...(doc.trustedRoot ? [doc.trustedRoot] : [])]) {
    const v = root.signed.version;
    const other = candidates.get(v);
    if (other && rootFingerprint(other) !== rootFingerprint(root)) {
      throw new SignerError('TRUST_CHAIN_BROKEN', `the file carries two different roots with version ${v}; refusing both`);
    }
    candidates.set(v, root);
  }
  for (const root of [...candidates.values()].sort((a, b) => a.signed.version - b.signed.version)) {
    const v = root.signed.version;
    if (v < pinnedVersion) {
      throw new SignerError('TRUST_CHAIN_BROKEN', `rollback: the file's root v${v} is older than root v${pinnedVersion} pinned for repository "${repository}"`);
    }
    const stored = known.get(v);
    if (stored) {
      checkSameRoot(stored, root, trust, `the file's root v${v}`);
      continue;
    }
    verifyRootLink(current, root);
    current = root;
    known.set(v, root);
    verified.push(root);
  }

  const trustedRoot = pickTrustedRoot(doc, known, current, trust, repository);
  if (trustedRoot && doc.trustedTargets) checkTrustedTargets(doc, trustedRoot);
  if (options.record !== false && verified.length > 0) store.addVerifiedRoots(repository, verified);

  const latestVersion = current.signed.version;
  const pathVersions = [...known.keys()].filter((v) => v >= pinnedVersion && v <= (trustedRoot?.signed.version ?? latestVersion)).sort((a, b) => a - b);
  const message = trustedRoot?.signed.version === pinnedVersion
    ? `Root v${pinnedVersion} is the root pinned for repository "${repository}" (fingerprint ${shortFingerprint(trust.index.pinned.sha256)}).`
    : trustedRoot
    ? `Root v${trustedRoot.signed.version} chains to root v${pinnedVersion} pinned for repository "${repository}" (${pathVersions.map((v) => `v${v}`).join(' -> ')}; pinned fingerprint ${shortFingerprint(trust.index.pinned.sha256)}).`
    : `Repository "${repository}" has root v${pinnedVersion} pinned (fingerprint ${shortFingerprint(trust.index.pinned.sha256)}); this file needs no earlier root.`;
  return {
    trust: { state: 'chained', message, repository, pinnedVersion, latestVersion },
    ...(trustedRoot ? { trustedRoot } : {}),
    recorded: verified.map((r) => r.signed.version),
    allowedKeyIds: store.allowedKeyIds(repository),
  };
}

/** "root v2" / "roots v2 to v4". */
function missingRoots(from: number, to: number): string {
  return from === to ? `root v${from}` : `roots v${from} to v${to}`;
}

function checkSameRoot(stored: RootMetadata, given: RootMetadata, trust: RepositoryTrust, what: string): void {
  const a = rootFingerprint(stored);
  const b = rootFingerprint(given);
  if (a !== b) {
    throw new SignerError(
      'TRUST_CHAIN_BROKEN',
      `${what} is not the root v${stored.signed.version} this trust store verified for repository "${trust.repository}" (fingerprint ${shortFingerprint(b)}, expected ${shortFingerprint(a)}): the file's trusted root was swapped or comes from another repository`,
    );
  }
}

/** The root the pending roles are judged against, with rollback and gap checks. */
function pickTrustedRoot(doc: RstufDocument, known: Map<number, RootMetadata>, latest: RootMetadata, trust: RepositoryTrust, repository: string): RootMetadata | undefined {
  const latestVersion = latest.signed.version;
  if (doc.trustedRoot) {
    const v = doc.trustedRoot.signed.version;
    if (v < latestVersion) {
      throw new SignerError(
        'TRUST_CHAIN_BROKEN',
        `rollback: the file's trusted root is v${v}, but root v${latestVersion} is already trusted for repository "${repository}"; the file is out of date`,
      );
    }
    return doc.trustedRoot;
  }
  const pendingRoot = doc.pending.find((p) => p.metadata.signed._type === 'root');
  if (pendingRoot) {
    const n = pendingRoot.metadata.signed.version;
    if (n === 1) {
      // A bootstrap: nothing earlier to check against. Its root must be the pinned v1 if one is pinned.
      const pinnedV1 = known.get(1);
      if (pinnedV1) checkSameRoot(pinnedV1, pendingRoot.metadata as RootMetadata, trust, 'the pending root v1');
      return undefined;
    }
    if (n - 1 > latestVersion) {
      throw new SignerError(
        'TRUST_CHAIN_BROKEN',
        `skipped version: root v${n} must be checked against root v${n - 1}, but repository "${repository}" trusts roots only up to v${latestVersion}; bring the missing ${missingRoots(latestVersion + 1, n - 1)} and add ${n - 1 === latestVersion + 1 ? 'it' : 'them'} to the trust store in order (in the app: Home, Trust store, "Pin a newer root from a file…"; in the CLI: rstuf-signer trust add ${latestVersion + 1}.root.json)`,
      );
    }
    if (n - 1 < latestVersion) {
      throw new SignerError('TRUST_CHAIN_BROKEN', `rollback: root v${n} is pending, but root v${latestVersion} is already trusted for repository "${repository}"`);
    }
    return latest;
  }
  return latest;
}

/** trusted_targets must be signed by the targets keys of the trusted root (RSTUF's online key). */
function checkTrustedTargets(doc: RstufDocument, root: RootMetadata): void {
  const targets = doc.trustedTargets;
  const role = root.signed.roles?.targets;
  if (!targets || !role) return;
  const label = `targets role of root v${root.signed.version}`;
  const { status, threshold: t } = thresholdOf(targets, { label, keys: root.signed.keys ?? {}, role });
  if (!t.met) {
    throw new SignerError(
      'TRUST_CHAIN_BROKEN',
      `root v${root.signed.version} -> trusted_targets v${targets.signed.version}: not signed by the targets keys of the trusted root: ${describeThreshold(toThresholdSummary(t, status))}. If the repository has rotated its online key since, bring the newer root first (inspect a file that carries it)`,
    );
  }
}
