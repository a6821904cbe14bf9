// The root an update starts from: a file or bundle given with --trusted-root (published
// N.root.json, a bootstrap/update payload, or the trusted_root of a GET /api/v1/metadata/sign
// response), or else the latest root the trust store verified from its pin. A given root is
// checked against the pin when one exists, so an update is never built on a swapped root.

import { SignerError } from '../../../shared/errors.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { statusAgainst } from '../tuf/authorization.js';
import { importBundleOrFile } from '../exchange/bundle.js';
import { anchorForCommand, selectTrustStore, type TrustFlags } from '../trust/select.js';

export interface TrustedRootChoice {
  root: RootMetadata;
  /** Where it came from and how far it is trusted, in words. */
  notes: string[];
}

export function readTrustedRoot(path: string, notes: string[] = []): RootMetadata {
  const bundle = importBundleOrFile(path);
  const doc = bundle.document;
  const label = bundle.isFolder ? `the bundle ${path}` : path;
  if (doc.kind === 'sign-pending') {
    if (!doc.trustedRoot) throw new SignerError('TRUSTED_ROOT_REQUIRED', `${label} holds no trusted_root (RSTUF adds it only while a root is pending); give the current N.root.json`);
    const pending = doc.pending.find((p) => p.metadata.signed._type === 'root');
    if (pending) {
      // The worker stores a new update over the pending one without a word (rstuf-formats.md 1.3).
      notes.push(`warning: root v${pending.metadata.signed.version} is already waiting for signatures in RSTUF; sending this update replaces it and discards the signatures it has`);
    }
    return doc.trustedRoot;
  }
  const root = doc.pending[0]?.metadata;
  if ((doc.kind === 'metadata' || doc.kind === 'bootstrap' || doc.kind === 'update') && root?.signed._type === 'root') return root as RootMetadata;
  throw new SignerError('INPUT_NOT_TUF', `${label} holds no root metadata to start the update from; give the current N.root.json`);
}

export function chooseTrustedRoot(trustedRootPath: string | undefined, flags: TrustFlags): TrustedRootChoice {
  const notes: string[] = [];
  let root: RootMetadata;
  if (trustedRootPath !== undefined) {
    root = readTrustedRoot(trustedRootPath, notes);
    const { anchor } = anchorForCommand({ kind: 'update', json: {}, pending: [], trustedRoot: root }, flags);
    notes.push(anchor.trust.message);
  } else {
    const { store, repository } = selectTrustStore(flags);
    const trust = repository === undefined ? undefined : store.load(repository);
    if (!trust) throw new SignerError('USAGE', 'give the current root with --trusted-root ROOT.json (no root is pinned in the trust store to start from)');
    root = trust.latest;
    notes.push(`Starting from root v${root.signed.version}, the latest root the trust store verified from its pin (repository "${trust.repository}").`);
  }
  const own = root.signed.roles?.root;
  if (own) {
    const status = statusAgainst('root', root, [{ label: `root v${root.signed.version}`, keys: root.signed.keys, role: own }]);
    const t = status.thresholds[0];
    if (t && !t.met) notes.push(`warning: the trusted root v${root.signed.version} carries only ${t.valid.length} of the ${t.required} signatures its own threshold needs; RSTUF publishes only fully signed roots, so check this is the right file`);
  }
  return { root, notes };
}
