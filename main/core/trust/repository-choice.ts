// Which pinned repository a review, verify, sign or export is checked against when the holder names
// none. One rule for the app and the CLI: the repository chosen for reviews (the data folder's
// settings.json, written by the app's Trust store card) while it is still pinned, else the only one
// pinned. With several pinned and none usable chosen nothing is guessed: the caller refuses, saying
// how its front end chooses ("--repository" for the CLI, Home for the app).

import { existsSync } from 'node:fs';
import { SignerError } from '../../../shared/errors.js';
import { mapWriteError, writeFileAtomic } from '../platform/atomic-file.js';
import { readJsonFile } from '../tuf/load-document.js';

const SETTINGS_FORMAT = 'rstuf-signer-settings/1';
const SETTINGS_MAX_BYTES = 64 * 1024;
/** Repository names: one folder of the trust store each. */
export const REPOSITORY_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The repository in use, or why none is though some are pinned. */
export interface RepositoryInUse {
  repository: string | undefined;
  /** Set when reviews cannot be checked against any repository though some are pinned. */
  problem: string | null;
}

/** The choice remembered in settings.json; a damaged file is a problem, never a choice. */
export class RepositoryChoice {
  constructor(readonly settingsFile: string) {}

  /** The repository settings.json names, or why it cannot be read (then no choice is taken from it). */
  saved(): { repository: string | undefined; problem: string | null } {
    const settings = this.read();
    if ('problem' in settings) return { repository: undefined, problem: settings.problem };
    const value = settings.json.reviewRepository;
    if (value === undefined) return { repository: undefined, problem: null };
    if (typeof value !== 'string' || !REPOSITORY_NAME.test(value)) {
      return { repository: undefined, problem: `the data folder's settings.json names no usable repository (reviewRepository ${JSON.stringify(value).slice(0, 80)})` };
    }
    return { repository: value, problem: null };
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

/**
 * The repository in use among `pinned` (sorted names). `howToChoose` ends the problem sentence:
 * it is the only thing the app and the CLI say differently.
 */
export function repositoryInUse(pinned: readonly string[], choice: RepositoryChoice | undefined, howToChoose: string): RepositoryInUse {
  const saved = choice?.saved() ?? { repository: undefined, problem: null };
  if (saved.repository !== undefined && pinned.includes(saved.repository)) return { repository: saved.repository, problem: null };
  if (pinned.length <= 1) return { repository: pinned[0], problem: null };
  const why = saved.problem ?? (saved.repository !== undefined ? `the repository "${saved.repository}" chosen for reviews is no longer pinned` : 'none is chosen for reviews');
  return { repository: undefined, problem: `${pinned.length} repositories are pinned (${pinned.join(', ')}) and ${why}: ${howToChoose}` };
}
