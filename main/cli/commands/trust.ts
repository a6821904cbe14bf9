import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReadStream, WriteStream } from 'node:tty';
import { SignerError } from '../../../shared/errors.js';
import { errorSentence } from '../format.js';
import { describeDays, daysUntil, rootOverview } from '../../../shared/review/index.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { loadRootFile } from '../../core/tuf/load-document.js';
import { rootFingerprint, shortFingerprint, verifyRootLink, verifySelfSigned } from '../../core/trust/chain.js';
import { DEFAULT_REPOSITORY, checkRepositoryName, type RepositoryTrust, type TrustStore } from '../../core/trust/trust-store.js';
import { openTrustStore, selectTrustStore } from '../../core/trust/select.js';
import { anchorDocument } from '../../core/trust/anchor.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer trust pin ROOT.json [--trust-store DIR] [--repository NAME] [--yes] [--repin]
       rstuf-signer trust add ROOT.json... [--trust-store DIR] [--repository NAME]
       rstuf-signer trust show [--trust-store DIR] [--repository NAME] [--json]
       rstuf-signer trust allow-keyid KEYID... [--trust-store DIR] [--repository NAME]

The trust store holds, per repository, the root you pinned and every later root verified from it.
Every file you inspect or sign is checked against it: its trusted root must chain from the pin.

  pin    shows ROOT.json's version, expiry, keys, thresholds and fingerprint, and pins it after you
         confirm that the fingerprint matches the one the repository administrators gave you out of
         band (type "yes" on the terminal, or pass --yes after comparing). A repository that is
         already pinned is re-pinned only with --repin; the old trust folder is kept aside.
  add    verifies later roots (e.g. 2.root.json 3.root.json from the repository) link by link from
         the latest trusted root, and records them; a root that does not chain is refused.
  show   lists the pinned root and the verified roots of each repository.
  allow-keyid
         adds legacy key ids to the repository's allow-list. A key id that is not the sha256 of
         its key is a DANGER in the review when the key is new to the repository, a warning when
         the trusted root already lists it or the allow-list names it. Add only ids you know are
         right (older securesystemslib roots, RSTUF's Sigstore keys).

Every load re-verifies the store: the pinned root, then each later root by the previous root's
threshold and its own. A root file that does not verify is refused, named, and not used.

The store is DIR, else the trust/ folder of the data folder shared with the desktop app:
$RSTUF_SIGNER_HOME, else $XDG_DATA_HOME/rstuf-offline-signer (~/.local/share/rstuf-offline-signer).
A trust store in the old place (~/.config/rstuf-signer/trust) is moved there on first use, and
the move is said on stderr. NAME defaults to "${DEFAULT_REPOSITORY}".`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { 'trust-store': { type: 'string' }, repository: { type: 'string' }, yes: { type: 'boolean' }, repin: { type: 'boolean' }, json: { type: 'boolean' } },
    HELP,
  );
  const [sub, ...rest] = positionals;
  if (sub === 'pin') {
    if (rest.length !== 1) throw new SignerError('USAGE', `trust pin takes exactly one ROOT.json\n\n${HELP}`);
    return pin(rest[0] as string, values, io);
  }
  if (sub === 'add') {
    if (rest.length === 0) throw new SignerError('USAGE', `trust add takes one or more ROOT.json files\n\n${HELP}`);
    return add(rest, values, io);
  }
  if (sub === 'allow-keyid') {
    if (rest.length === 0) throw new SignerError('USAGE', `trust allow-keyid takes one or more key ids\n\n${HELP}`);
    return allowKeyIds(rest, values, io);
  }
  if (sub === 'show') {
    if (rest.length !== 0) throw new SignerError('USAGE', `trust show takes no file\n\n${HELP}`);
    return show(values, io);
  }
  throw new SignerError('USAGE', `${sub === undefined ? 'a subcommand is needed' : `unknown subcommand "${sub}"`}: use "trust pin", "trust add", "trust show" or "trust allow-keyid"\n\n${HELP}`);
}

/** The one line saying an old trust store was moved into the data folder, on stderr. */
const notice = (io: CliIo) => (line: string) => io.stderr(`rstuf-signer: ${line}`);

/** The lines a holder compares before pinning (and `trust show` repeats). */
export function describeRoot(root: RootMetadata, now = Date.now()): string[] {
  const signed = root.signed;
  const overview = rootOverview(signed);
  const sha256 = rootFingerprint(root);
  const lines = [
    `Root version ${signed.version}, expires ${signed.expires} (${describeDays(daysUntil(signed.expires, now))})`,
    `Fingerprint: ${shortFingerprint(sha256)}`,
    `  (sha256 of the canonical signed root: ${sha256})`,
    'Keys:',
    ...overview.keys.map((k) => `  ${k.name.padEnd(24)} ${k.keyid.slice(0, 8)}  ${k.keytype}/${k.scheme}  ${k.roles.join(', ') || 'no role'}${k.onlineKeyUri ? `  online key at ${k.onlineKeyUri}` : ''}`),
    'Thresholds:',
    ...overview.roles.map((r) => `  ${r.role.padEnd(10)} ${r.threshold} of ${r.keys.length}: ${r.keys.map((k) => k.name).join(', ')}`),
  ];
  return lines;
}

async function pin(path: string, values: { 'trust-store'?: string; repository?: string; yes?: boolean; repin?: boolean }, io: CliIo): Promise<number> {
  const root = loadRootFile(path);
  verifySelfSigned(root, `${path} (root v${root.signed.version})`);
  const store = openTrustStore({ trustStore: values['trust-store'] }, process.env, notice(io));
  const repository = checkRepositoryName(values.repository ?? DEFAULT_REPOSITORY);
  let current: RepositoryTrust | undefined;
  let damage: string | undefined;
  try {
    current = store.load(repository);
  } catch (error) {
    // A store that does not verify can only be replaced, deliberately: --repin moves it aside.
    if (!(error instanceof SignerError) || error.code !== 'TRUST_CHAIN_BROKEN' || !values.repin) throw error;
    damage = errorSentence(error);
  }
  if (current && !values.repin) {
    // As the app decides it: a root already trusted changes nothing; the next root that chains from
    // the latest trusted one is recorded (as `trust add` does), never a new anchor.
    const version = root.signed.version;
    if (current.roots.has(version) && rootFingerprint(current.roots.get(version) as RootMetadata) === rootFingerprint(root)) {
      io.stdout(`Root v${version} is already trusted for repository "${repository}"; nothing changed.`);
      return 0;
    }
    if (version === current.latest.signed.version + 1 && failureOfLink(current.latest, root) === undefined) {
      store.addVerifiedRoots(repository, [root]);
      io.stdout(`Root v${version} follows from the trusted root v${current.latest.signed.version} (signed by both thresholds): recorded for repository "${repository}"; the pin is unchanged.`);
      return 0;
    }
    throw new SignerError(
      'OUTPUT_EXISTS',
      `repository "${repository}" already has root v${current.pinned.signed.version} pinned (fingerprint ${shortFingerprint(current.index.pinned.sha256)}); re-pinning replaces the trust anchor and must be deliberate: pass --repin`,
    );
  }
  io.stdout(`Pinning a root for repository "${repository}" in ${store.dir}`);
  for (const line of describeRoot(root)) io.stdout(line);
  if (damage !== undefined) {
    io.stdout('');
    io.stdout(`WARNING: the trust store of repository "${repository}" does not verify and is not used: ${damage}`);
    io.stdout('WARNING: pinning REPLACES it (the old folder is kept aside).');
  }
  if (current) {
    io.stdout('');
    io.stdout(`WARNING: this REPLACES the trust anchor of repository "${repository}" (pinned root v${current.pinned.signed.version}, fingerprint ${shortFingerprint(current.index.pinned.sha256)}; trusted up to root v${current.latest.signed.version}).`);
    io.stdout('WARNING: files will no longer be checked against the old pin. Re-pin only when the administrators told you, out of band, that the old chain is broken or lost.');
  }
  io.stdout('');
  io.stdout('Compare the fingerprint with the one the repository administrators gave you out of band (in person, by phone, or on paper).');
  if (!values.yes) {
    const answer = await promptLine('Does it match? Type "yes" to pin: ');
    if (answer.trim().toLowerCase() !== 'yes') {
      io.stderr('rstuf-signer: not pinned (the answer was not "yes")');
      return 1;
    }
  }
  const { movedAside } = store.pin(repository, root, { confirmation: values.yes ? 'flag' : 'prompt', repin: values.repin ?? false });
  io.stdout(`Pinned root v${root.signed.version} for repository "${repository}".`);
  if (movedAside) io.stdout(`The previous trust folder was kept as ${movedAside}.`);
  return 0;
}

function add(paths: string[], values: { 'trust-store'?: string; repository?: string }, io: CliIo): number {
  const roots = paths.map((p) => loadRootFile(p));
  const { store, repository } = selectTrustStore({ trustStore: values['trust-store'], repository: values.repository }, process.env, notice(io));
  if (repository === undefined) throw new SignerError('TRUST_NOT_PINNED', `no root is pinned in ${store.dir}; pin one first with \`rstuf-signer trust pin ROOT.json\``);
  // The roots form the chain of a document that carries nothing else: anchoring verifies each link.
  const { recorded, trust } = anchorDocument(store, repository, { kind: 'metadata', json: {}, pending: [] }, { chain: roots });
  io.stdout(recorded.length ? `Verified and recorded root ${recorded.map((v) => `v${v}`).join(', ')} for repository "${repository}".` : `Nothing new: repository "${repository}" already trusts these roots.`);
  io.stdout(`Latest trusted root: v${trust.latestVersion}.`);
  return 0;
}

function allowKeyIds(keyids: string[], values: { 'trust-store'?: string; repository?: string }, io: CliIo): number {
  const { store, repository } = selectTrustStore({ trustStore: values['trust-store'], repository: values.repository }, process.env, notice(io));
  if (repository === undefined) throw new SignerError('TRUST_NOT_PINNED', `no root is pinned in ${store.dir}; pin one first with \`rstuf-signer trust pin ROOT.json\``);
  for (const keyid of keyids) {
    const added = store.allowKeyId(repository, keyid.toLowerCase());
    io.stdout(added ? `Allowed legacy key id ${keyid.toLowerCase()} for repository "${repository}".` : `Key id ${keyid.toLowerCase()} is already allowed for repository "${repository}".`);
  }
  return 0;
}

function show(values: { 'trust-store'?: string; repository?: string; json?: boolean }, io: CliIo): number {
  const store = openTrustStore({ trustStore: values['trust-store'] }, process.env, notice(io));
  const names = values.repository !== undefined ? [checkRepositoryName(values.repository)] : store.repositories();
  const repos = names.map((name) => {
    const trust = store.load(name);
    if (!trust) throw new SignerError('TRUST_NOT_PINNED', `no root is pinned for repository "${name}" in ${store.dir}`);
    return trust;
  });
  if (values.json) {
    io.stdout(JSON.stringify({ dir: store.dir, repositories: repos.map((r) => showJson(r, store)) }, null, 2));
    return 0;
  }
  if (repos.length === 0) {
    io.stdout(`No root is pinned in ${store.dir}. Pin one with: rstuf-signer trust pin ROOT.json`);
    return 0;
  }
  io.stdout(`Trust store ${store.dir}`);
  for (const trust of repos) {
    const p = trust.index.pinned;
    io.stdout('');
    io.stdout(`Repository "${trust.repository}": pinned root v${p.version} on ${p.pinnedAt} (${p.confirmation === 'prompt' ? 'confirmed on the terminal' : 'confirmed with --yes'}), fingerprint ${shortFingerprint(p.sha256)}`);
    io.stdout(`  Verified roots: ${trust.index.roots.map((r) => `v${r.version} (${r.origin}, ${shortFingerprint(r.sha256)})`).join(', ')}`);
    const allowed = store.allowedKeyIds(trust.repository);
    if (allowed.length > 0) io.stdout(`  Allowed legacy key ids: ${allowed.join(', ')}`);
    io.stdout(`  Latest trusted root:`);
    for (const line of describeRoot(trust.latest)) io.stdout(`    ${line}`);
  }
  return 0;
}

function showJson(trust: RepositoryTrust, store: TrustStore) {
  return {
    repository: trust.repository,
    pinned: trust.index.pinned,
    roots: trust.index.roots.map((r) => ({ version: r.version, sha256: r.sha256, origin: r.origin, addedAt: r.addedAt, expires: trust.roots.get(r.version)?.signed.expires })),
    latestVersion: trust.latest.signed.version,
    allowedKeyIds: store.allowedKeyIds(trust.repository),
  };
}

/** One line from the terminal, with echo (this is a confirmation, not a secret). */
async function promptLine(question: string): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    throw new SignerError('USAGE', 'no terminal to confirm on: compare the fingerprint out of band, then pass --yes');
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  const rl = createInterface({ input, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    input.destroy();
    try {
      closeSync(fd);
    } catch {
      // already closed by destroy()
    }
  }
}

/** Why `next` does not follow `previous` in the chain, or undefined when it does. */
function failureOfLink(previous: RootMetadata, next: RootMetadata): string | undefined {
  try {
    verifyRootLink(previous, next);
    return undefined;
  } catch (error) {
    if (error instanceof SignerError) return error.message;
    throw error;
  }
}
