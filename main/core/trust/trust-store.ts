// The local trust store: per repository, the root the holder pinned (after comparing its
// fingerprint out of band) and every later root verified from it. Layout:
//
//   <dir>/<repository>/trust.json          index: pinned version, roots, fingerprints, dates
//   <dir>/<repository>/roots/<N>.root.json each root as it was verified (never overwritten)
//
// Files are written atomically; root files first, then the index, so a crash leaves either the
// old or the new state. Re-pinning moves the old folder to <dir>/.replaced/ (nothing is deleted).
// Every load re-verifies the chain from the pinned root (see load()): a root written into the
// folder by hand, with or without a matching index entry, is refused, never used.
//
// The default store is the trust/ folder of the data folder shared with the desktop app
// (main/core/platform/data-dir.ts), so a root pinned by `rstuf-signer trust pin` is the app's pin.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import type { JsonObject } from '../../../shared/json/strict-json.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { loadRootFile, readJsonFile } from '../tuf/load-document.js';
import { mapWriteError, writeFileAtomic } from '../platform/atomic-file.js';
import { rootFingerprint, verifyRootLink, verifySelfSigned } from './chain.js';
import type { AppPaths } from '../platform/data-dir.js';
import { RepositoryChoice } from './repository-choice.js';

export const TRUST_STORE_FORMAT = 'rstuf-signer-trust-store/1';
export const DEFAULT_REPOSITORY = 'default';
const REPOSITORY_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export type PinConfirmation = 'prompt' | 'flag';

export interface StoredRootEntry {
  version: number;
  sha256: string;
  file: string;
  addedAt: string;
  origin: 'pinned' | 'verified';
}

export interface TrustIndex {
  format: string;
  repository: string;
  pinned: { version: number; sha256: string; pinnedAt: string; confirmation: PinConfirmation };
  roots: StoredRootEntry[];
}

export interface RepositoryTrust {
  repository: string;
  index: TrustIndex;
  /** Roots by version, loaded and re-verified link by link from the pinned root. */
  roots: Map<number, RootMetadata>;
  pinned: RootMetadata;
  latest: RootMetadata;
}

/** The repository in use, or why none is though some are pinned. */
export interface RepositoryInUse {
  repository: string | undefined;
  /** Set when reviews cannot be checked against any repository though some are pinned. */
  problem: string | null;
}

/**
 * The data folder's own store (the app's, and the CLI's without --trust-store), with the repository
 * chosen there for reviews.
 */
export function dataFolderTrustStore(paths: Pick<AppPaths, 'trust' | 'settings'>): TrustStore {
  return new TrustStore(paths.trust, new RepositoryChoice(paths.settings));
}

export function checkRepositoryName(name: string): string {
  if (!REPOSITORY_NAME.test(name)) {
    throw new SignerError('USAGE', `"${name}" is not a usable repository name; use lower-case letters, digits, ".", "_" and "-" (at most 64)`);
  }
  return name;
}

export class TrustStore {
  /**
   * `choice` is the data folder's remembered repository (dataFolderTrustStore); a store named by
   * --trust-store has none.
   */
  constructor(
    readonly dir: string,
    private readonly choice?: RepositoryChoice,
  ) {}

  private repoDir(repository: string): string {
    return join(this.dir, checkRepositoryName(repository));
  }

  /** Repositories with a pinned root. */
  repositories(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && REPOSITORY_NAME.test(e.name) && existsSync(join(this.dir, e.name, 'trust.json')))
      .map((e) => e.name)
      .sort();
  }

  /**
   * The repository in use when none is named, the one rule for the app and the CLI: the one chosen
   * for reviews while it is pinned, else the only one pinned. With several pinned and none usable
   * chosen nothing is guessed. `howToChoose` ends the problem sentence (the fronts choose differently).
   */
  inUse(howToChoose: string): RepositoryInUse {
    const pinned = this.repositories();
    const saved = this.savedChoice();
    if (saved.name !== undefined && pinned.includes(saved.name)) return { repository: saved.name, problem: null };
    if (pinned.length <= 1) return { repository: pinned[0], problem: null };
    const why = saved.problem ?? (saved.name !== undefined ? `the repository "${saved.name}" chosen for reviews is no longer pinned` : 'none is chosen for reviews');
    return { repository: undefined, problem: `${pinned.length} repositories are pinned (${pinned.join(', ')}) and ${why}: ${howToChoose}` };
  }

  /** The usable repository settings.json names, pinned or not (undefined without one). */
  chosen(): string | undefined {
    return this.savedChoice().name;
  }

  /** The choice as a repository name; a name that is not one is a problem, never a choice. */
  private savedChoice(): { name: string | undefined; problem: string | null } {
    const saved = this.choice?.saved() ?? { name: undefined, problem: null };
    if (saved.problem !== null || saved.name === undefined) return { name: undefined, problem: saved.problem };
    if (typeof saved.name !== 'string' || !REPOSITORY_NAME.test(saved.name)) {
      return { name: undefined, problem: `the data folder's settings.json names no usable repository (reviewRepository ${JSON.stringify(saved.name).slice(0, 80)})` };
    }
    return { name: saved.name, problem: null };
  }

  /** Remembers `repository` as the one chosen for reviews; only the data folder's store can. */
  remember(repository: string): void {
    if (!this.choice) throw new SignerError('USAGE', 'a trust store named with --trust-store remembers no choice of repository; name it with --repository');
    this.choice.save(checkRepositoryName(repository));
  }

  /** The repository to use: the one named, else the one in use. Undefined when none is pinned. */
  resolveRepository(named: string | undefined): string | undefined {
    if (named !== undefined) return checkRepositoryName(named);
    const { repository, problem } = this.inUse(this.choice ? 'choose one with --repository, or in the app (Home, Trust store)' : 'choose one with --repository');
    if (problem !== null) throw new SignerError('USAGE', problem, { file: this.dir });
    return repository;
  }

  /**
   * The repository's trust, re-verified from its files on every load: the pinned root must be the
   * one whose fingerprint the index recorded at pin time, and every later root must follow the one
   * before it (consecutive versions, no gap) signed by a threshold of the previous root's root keys
   * AND of its own (verifyRootLink). The index's fingerprints are not trusted for that: anyone who
   * can write the folder can rewrite them too. A file that does not verify is refused, named
   * (TRUST_CHAIN_BROKEN), and nothing of the store is used.
   */
  load(repository: string): RepositoryTrust | undefined {
    const dir = this.repoDir(repository);
    const indexPath = join(dir, 'trust.json');
    if (!existsSync(indexPath)) return undefined;
    const index = parseIndex(readStoredJson(indexPath), indexPath);
    const entries = [...index.roots].sort((a, b) => a.version - b.version);
    const roots = new Map<number, RootMetadata>();
    let previous: RootMetadata | undefined;
    for (const entry of entries) {
      const file = join(dir, 'roots', entry.file);
      const root = readStoredRoot(file);
      const version = root.signed.version;
      if (version !== entry.version || rootFingerprint(root) !== entry.sha256) {
        throw new SignerError(
          'TRUST_CHAIN_BROKEN',
          `the trust store file ${storedName(repository, file)} does not match its recorded fingerprint; the trust store was modified outside rstuf-signer. Re-pin deliberately (trust pin --repin) after checking the root out of band`,
          { file },
        );
      }
      if (previous === undefined) {
        // The chain starts at the pin: the root whose fingerprint the holder compared out of band.
        if (version !== index.pinned.version || entry.sha256 !== index.pinned.sha256) {
          throw new SignerError(
            'TRUST_CHAIN_BROKEN',
            `the trust store of repository "${repository}" has no intact pinned root v${index.pinned.version} (its first root is ${storedName(repository, file)}, root v${version}); the trust store was modified outside rstuf-signer. Re-pin deliberately (trust pin --repin)`,
            { file },
          );
        }
        // The pin itself must still be a root its own keys signed: the index's fingerprint lives in
        // the same folder, so a hand-written unsigned root with a rewritten index is caught here.
        try {
          verifySelfSigned(root, `root v${version}`);
        } catch (error) {
          if (!(error instanceof SignerError)) throw error;
          throw new SignerError(
            'TRUST_CHAIN_BROKEN',
            `the pinned root in the trust store file ${storedName(repository, file)} does not verify: ${error.message}; it is not used. Re-pin deliberately (trust pin --repin) after checking the root out of band`,
            { file },
          );
        }
      } else {
        try {
          verifyRootLink(previous, root);
        } catch (error) {
          if (!(error instanceof SignerError)) throw error;
          throw new SignerError(
            'TRUST_CHAIN_BROKEN',
            `the trust store file ${storedName(repository, file)} (root v${version}) does not verify from the pinned root: ${error.message}; it was not recorded by rstuf-signer and is not used. Remove it (and trust.json's entry for it) or re-pin deliberately (trust pin --repin)`,
            { file },
          );
        }
      }
      roots.set(version, root);
      previous = root;
    }
    const pinned = roots.get(index.pinned.version) as RootMetadata;
    return { repository, index, roots, pinned, latest: previous as RootMetadata };
  }

  /**
   * Pins `root` for `repository`. The caller must have shown the root and obtained the holder's
   * confirmation. Refuses to replace an existing pin unless `repin` is set; a re-pin moves the
   * old trust folder aside (returned) instead of deleting it.
   */
  pin(repository: string, root: RootMetadata, options: { confirmation: PinConfirmation; repin?: boolean; now?: Date }): { movedAside?: string } {
    const dir = this.repoDir(repository);
    const existing = existsSync(join(dir, 'trust.json'));
    if (existing && !options.repin) {
      throw new SignerError(
        'OUTPUT_EXISTS',
        `repository "${repository}" already has a pinned root; re-pinning replaces the trust anchor and must be deliberate: pass --repin`,
        { file: dir },
      );
    }
    // One rule for every front: a trust anchor is a root its own root keys signed (what load re-checks).
    verifySelfSigned(root, `root v${root.signed.version}`);
    const at = (options.now ?? new Date()).toISOString();
    const sha256 = rootFingerprint(root);
    const entry: StoredRootEntry = { version: root.signed.version, sha256, file: `${root.signed.version}.root.json`, addedAt: at, origin: 'pinned' };
    const index: TrustIndex = {
      format: TRUST_STORE_FORMAT,
      repository,
      pinned: { version: root.signed.version, sha256, pinnedAt: at, confirmation: options.confirmation },
      roots: [entry],
    };
    // The new trust folder is written whole beside the old one (a dot folder, never taken for a
    // repository) and only then swapped in: a failed write leaves the old pin in force.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const staging = join(this.dir, `.pinning-${repository}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(join(staging, 'roots'), { recursive: true, mode: 0o700 });
      writeFileAtomic(join(staging, 'roots', entry.file), `${JSON.stringify(root, null, 2)}\n`);
      writeFileAtomic(join(staging, 'trust.json'), `${JSON.stringify(index, null, 2)}\n`);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw mapWriteError(error, join(dir, 'trust.json'));
    }
    let movedAside: string | undefined;
    if (existsSync(dir)) {
      // Kept under a dot folder, which is never taken for a repository.
      const stamp = at.replace(/[:.]/g, '-');
      const aside = join(this.dir, existing ? '.replaced' : '.incomplete');
      mkdirSync(aside, { recursive: true, mode: 0o700 });
      movedAside = join(aside, `${repository}-${stamp}`);
      renameSync(dir, movedAside);
    }
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (movedAside) renameSync(movedAside, dir);
      rmSync(staging, { recursive: true, force: true });
      throw mapWriteError(error, dir);
    }
    return movedAside ? { movedAside } : {};
  }

  /**
   * Legacy key ids the holder allows for `repository` (allowed-keyids.json next to trust.json):
   * key ids that are not sha256 of their key but are known to be right, so a root that lists them
   * as new keys gets a warning instead of a danger. Empty when none were added.
   */
  allowedKeyIds(repository: string): string[] {
    const file = join(this.repoDir(repository), ALLOW_LIST_FILE);
    if (!existsSync(file)) return [];
    return parseAllowList(readStoredJson(file), file).keyids.map((k) => k.keyid);
  }

  /**
   * Adds `keyid` to the allow-list of a pinned repository (written atomically). Returns false
   * when it was already there.
   */
  allowKeyId(repository: string, keyid: string, now = new Date()): boolean {
    if (!KEY_ID.test(keyid)) {
      throw new SignerError('USAGE', `"${keyid}" is not a key id: a key id is 64 lower-case hex characters (sha256), as root.json lists it`);
    }
    if (!existsSync(join(this.repoDir(repository), 'trust.json'))) {
      throw new SignerError('TRUST_NOT_PINNED', `repository "${repository}" has no pinned root; pin its root first (trust pin ROOT.json), then allow its legacy key ids`, { file: this.dir });
    }
    const file = join(this.repoDir(repository), ALLOW_LIST_FILE);
    const list: AllowList = existsSync(file) ? parseAllowList(readStoredJson(file), file) : { format: ALLOW_LIST_FORMAT, repository, keyids: [] };
    if (list.keyids.some((k) => k.keyid === keyid)) return false;
    const next: AllowList = { ...list, keyids: [...list.keyids, { keyid, addedAt: now.toISOString() }] };
    try {
      writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`, { overwrite: true });
    } catch (error) {
      throw mapWriteError(error, file);
    }
    return true;
  }

  /**
   * Records later roots, each verified here from the latest root the store trusts now (callers
   * verified them too, but the store may have changed since: the CLI and the app share it). A root
   * of a version already trusted must be that same root.
   */
  addVerifiedRoots(repository: string, roots: RootMetadata[], now = new Date()): void {
    if (roots.length === 0) return;
    const trust = this.load(repository);
    if (!trust) throw new SignerError('TRUST_NOT_PINNED', `repository "${repository}" has no pinned root`);
    const dir = this.repoDir(repository);
    const entries = [...trust.index.roots];
    let latest = trust.latest;
    for (const root of [...roots].sort((a, b) => a.signed.version - b.signed.version)) {
      const known = trust.roots.get(root.signed.version);
      if (known !== undefined) {
        if (rootFingerprint(known) !== rootFingerprint(root)) {
          throw new SignerError('TRUST_CHAIN_BROKEN', `repository "${repository}" already trusts another root v${root.signed.version}; nothing was recorded`);
        }
        continue;
      }
      verifyRootLink(latest, root);
      latest = root;
      const entry: StoredRootEntry = {
        version: root.signed.version,
        sha256: rootFingerprint(root),
        file: `${root.signed.version}.root.json`,
        addedAt: now.toISOString(),
        origin: 'verified',
      };
      // A leftover file from an interrupted write is replaced: the index never listed it.
      writeFileAtomic(join(dir, 'roots', entry.file), `${JSON.stringify(root, null, 2)}\n`, { overwrite: true });
      entries.push(entry);
    }
    const index: TrustIndex = { ...trust.index, roots: entries.sort((a, b) => a.version - b.version) };
    writeFileAtomic(join(dir, 'trust.json'), `${JSON.stringify(index, null, 2)}\n`, { overwrite: true });
  }
}

const ALLOW_LIST_FILE = 'allowed-keyids.json';
const ALLOW_LIST_FORMAT = 'rstuf-signer-keyid-allow-list/1';
const KEY_ID = /^[0-9a-f]{64}$/;

interface AllowList {
  format: string;
  repository: string;
  keyids: { keyid: string; addedAt: string }[];
}

function parseAllowList(json: unknown, path: string): AllowList {
  const o = json as Partial<AllowList> | null;
  const ok = typeof o === 'object' && o !== null && o.format === ALLOW_LIST_FORMAT && Array.isArray(o.keyids) && o.keyids.every((k) => typeof k?.keyid === 'string' && KEY_ID.test(k.keyid));
  if (!ok) throw new SignerError('TRUST_CHAIN_BROKEN', `the key id allow-list ${basename(path)} is damaged; remove it and add the key ids again (trust allow-keyid KEYID)`, { file: path });
  return o as AllowList;
}

/** "default/roots/2.root.json": a stored file named inside the trust store, without the store's path. */
function storedName(repository: string, file: string): string {
  return `${repository}/roots/${basename(file)}`;
}

/** A root file of the store; any problem reading it is a damaged store, with the file named. */
function readStoredRoot(file: string): RootMetadata {
  try {
    return loadRootFile(file);
  } catch (error) {
    if (!(error instanceof SignerError)) throw error;
    throw new SignerError('TRUST_CHAIN_BROKEN', `the trust store file ${basename(file)} cannot be used (${error.message}); re-pin deliberately (trust pin --repin)`, { file });
  }
}

function readStoredJson(file: string): unknown {
  try {
    return readJsonFile(file);
  } catch (error) {
    if (!(error instanceof SignerError)) throw error;
    throw new SignerError('TRUST_CHAIN_BROKEN', `the trust store index ${basename(file)} cannot be read (${error.message}); re-pin deliberately (trust pin --repin)`, { file });
  }
}

function parseIndex(json: unknown, path: string): TrustIndex {
  const bad = (why: string): never => {
    throw new SignerError('TRUST_CHAIN_BROKEN', `the trust store index ${basename(path)} is damaged (${why}); re-pin deliberately (trust pin --repin)`, { file: path });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('not an object');
  const o = json as JsonObject;
  if (o.format !== TRUST_STORE_FORMAT) return bad(`unknown format ${JSON.stringify(o.format)}`);
  const pinned = o.pinned as JsonObject | undefined;
  if (!pinned || typeof pinned.version !== 'number' || typeof pinned.sha256 !== 'string') return bad('no pinned root');
  if (!Array.isArray(o.roots) || o.roots.length === 0) return bad('no roots');
  for (const r of o.roots as JsonObject[]) {
    if (typeof r?.version !== 'number' || typeof r.sha256 !== 'string' || typeof r.file !== 'string' || !/^[0-9]+\.root\.json$/.test(r.file)) return bad('a root entry is malformed');
  }
  return o as unknown as TrustIndex;
}
