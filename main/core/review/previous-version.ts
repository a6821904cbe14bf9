// The current version of a pending delegated targets role, brought by the holder to compare the
// pending version with. RSTUF's sign response carries the delegating targets metadata but not the
// delegated role's own trusted version, so without it every artifact reads as added.
//
// A comparison base decides what the holder is shown as "unchanged", so it is checked like the
// role itself before it is used: the same role's delegation in the document's trusted targets,
// enough valid signatures of its keys (each public key once), and the version just before the
// pending one (an older one would hide changes made in between, e.g. an artifact removed and
// added back).

import { SignerError } from '../../../shared/errors.js';
import type { PendingRole, RstufDocument } from '../../../shared/tuf/documents.js';
import type { TufMetadata } from '../../../shared/tuf/types.js';
import type { LoadedDocument } from '../tuf/load-document.js';
import { roleStatus } from '../tuf/authorization.js';

/** Throws unless `role` of `doc` can be compared with a version brought from outside. */
export function assertTakesPreviousVersion(doc: RstufDocument, role: PendingRole): void {
  if (role.metadata.signed._type !== 'targets' || role.name === 'targets') {
    throw new SignerError('ROLE_NOT_FOUND', `${role.name} is not a delegated targets role: only a delegated role's current version is brought from outside`);
  }
  if (!doc.trustedTargets) {
    throw new SignerError('TRUSTED_ROOT_REQUIRED', `this file does not carry the targets metadata that delegates ${role.name}, so no version of ${role.name} can be checked against it`);
  }
}

/** Checks `chosen` (a loaded file) as the current version of `role`; returns its metadata. */
export function checkPreviousVersion(doc: RstufDocument, role: PendingRole, chosen: LoadedDocument): TufMetadata {
  assertTakesPreviousVersion(doc, role);
  const metadata = chosen.kind === 'metadata' ? chosen.pending[0]?.metadata : undefined;
  if (!metadata || metadata.signed._type !== 'targets') {
    throw new SignerError('INPUT_NOT_TUF', `${chosen.source} is not targets metadata: choose the current version of ${role.name} (the ${role.name}.json the repository serves)`);
  }
  const pendingVersion = role.metadata.signed.version;
  const version = metadata.signed.version;
  if (version !== pendingVersion - 1) {
    throw new SignerError('METADATA_INVALID', `${chosen.source} is ${role.name} v${version}, but the pending version is v${pendingVersion}: choose v${pendingVersion - 1}, the version just before it (comparing with another would hide or invent changes)`);
  }
  // Throws when the trusted targets delegate no role of this name.
  const status = roleStatus(doc, { name: role.name, metadata });
  if (!status.met) {
    const counts = status.thresholds.map((t) => `${t.valid.length} of ${t.required} valid`).join(', ');
    throw new SignerError('SIGNATURE_INVALID', `${chosen.source} (${role.name} v${version}) is not signed by enough of the keys delegated to ${role.name} (${counts}), so it cannot be the version to compare with`);
  }
  return metadata;
}
