// Plain-words rendering of signature status for the terminal.

import type { RoleStatus } from '../core/tuf/authorization.js';
import type { SignerError } from '../../shared/errors.js';

export function formatThresholds(status: RoleStatus): string[] {
  const name = (id: string): string => status.keyNames[id] ?? id.slice(0, 8);
  const lines = status.thresholds.map((t) => {
    const signed = t.valid.map(name);
    const missing = t.missing.map(name);
    const head = `${t.label}: ${Math.min(t.valid.length, t.required)} of ${t.required} required signature${t.required === 1 ? '' : 's'}${t.met ? ' (met)' : ''}`;
    const who = signed.length ? ` by ${signed.join(', ')}` : '';
    const rest = !t.met && missing.length ? `; missing ${t.required - t.valid.length} of: ${missing.join(', ')}` : '';
    return `${head}${who}${rest}`;
  });
  if (status.chainBroken) lines.push(`cannot be checked: ${status.chainBroken}`);
  else if (status.missingAuthorizer) lines.push(`cannot check against ${status.missingAuthorizer}: pass --trusted-root`);
  for (const s of status.refused) {
    lines.push(`RSTUF refuses this payload: the signature with key id ${s.keyid} (${s.name}) is ${s.state === 'unauthorized' ? 'by a key that may not sign it' : 'invalid'}; every signature in a bootstrap or update payload must verify`);
  }
  for (const s of status.signatures) {
    if (s.state !== 'valid') lines.push(`signature by ${s.name}: ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
  }
  for (const issue of status.keyIdIssues) {
    lines.push(issue.variant === 'mismatch' ? `key id ${issue.keyid.slice(0, 8)} does not match its key` : `key id ${issue.keyid.slice(0, 8)} uses the ${issue.variant} key id scheme`);
  }
  return lines;
}

/**
 * A SignerError as the terminal says it: core errors name a file by its name (SignerError.file holds
 * the path), so the path follows on the same line, keeping an error one line.
 */
export function errorSentence(error: SignerError): string {
  return error.file !== undefined && !error.message.includes(error.file) ? `${error.message} (file: ${error.file})` : error.message;
}
