// The repository the holder chose for reviews, remembered in the data folder's settings.json (the
// app's Trust store card writes it). Only the file: which repository is in use is decided by
// TrustStore.inUse (trust-store.ts), for the app and the CLI alike.

import { existsSync } from 'node:fs';
import { SignerError } from '../../../shared/errors.js';
import { mapWriteError, writeFileAtomic } from '../platform/atomic-file.js';
import { readJsonFile } from '../tuf/load-document.js';

const SETTINGS_FORMAT = 'rstuf-signer-settings/1';
const SETTINGS_MAX_BYTES = 64 * 1024;

/** What settings.json says: the name as written (checked by the caller), or why it cannot be read. */
export type SavedChoice = { name: unknown; problem: null } | { name: undefined; problem: string };

export class RepositoryChoice {
  constructor(readonly settingsFile: string) {}

  /** `name` is undefined when nothing was chosen; a damaged file is a problem, never a choice. */
  saved(): SavedChoice {
    const settings = this.read();
    return 'problem' in settings ? { name: undefined, problem: settings.problem } : { name: settings.json.reviewRepository, problem: null };
  }

  /** Other settings in the file are kept; a damaged file is replaced (its choice could not be read anyway). */
  save(repository: string): void {
    const current = this.read();
    const next = { ...('json' in current ? current.json : {}), format: SETTINGS_FORMAT, reviewRepository: repository };
    try {
      writeFileAtomic(this.settingsFile, `${JSON.stringify(next, null, 2)}\n`, { overwrite: true });
    } catch (error) {
      throw mapWriteError(error, this.settingsFile);
    }
  }

  private read(): { json: Record<string, unknown> } | { problem: string } {
    if (!existsSync(this.settingsFile)) return { json: {} };
    let json: unknown;
    try {
      json = readJsonFile(this.settingsFile, SETTINGS_MAX_BYTES);
    } catch (error) {
      if (!(error instanceof SignerError)) throw error;
      return { problem: `the data folder's settings.json cannot be read (${error.message})` };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as Record<string, unknown>).format !== SETTINGS_FORMAT) {
      return { problem: `the data folder's settings.json is not a settings file of this signer (format ${SETTINGS_FORMAT})` };
    }
    return { json: json as Record<string, unknown> };
  }
}
