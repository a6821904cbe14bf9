// The app's services: what each IPC channel does, in plain Node (no Electron), with every side
// effect injected (app data dir, dialogs, event sink, clock, optional chooser). The dispatcher has
// already parsed the argument with the channel's schema; services trust its shape, not its meaning
// (ids may be stale, keys may be unauthorized), and throw SignerError with a sentence to act on.
//
// Paths: only from Dialogs. Secrets: a passphrase or PIN is copied into a Buffer, used once and
// zeroed; it is never stored, logged, or put in a message.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { readRegularFile } from '../core/platform/read-file.js';
import { basename, dirname, join } from 'node:path';
import { prefixed, SignerError } from '../../shared/errors.js';
import type { ChannelKey } from '../../shared/ipc/channels.js';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract.js';
import type { KeyFileChoice, PublicKeyInfo, ReviewedRole, ReviewModel, RoleReview, SignResult, WorkspaceItem } from '../../shared/ipc/schemas.js';
import { canonicalBytes, canonicalize } from '../../shared/tuf/canonical.js';
import { DOCUMENT_KIND_LABELS } from '../../shared/tuf/documents.js';
import type { RootMetadata, TufKey, TufMetadata } from '../../shared/tuf/types.js';
import { computeKeyId, keyObjectFromTufKey, tufKeyFromKeyObject } from '../core/tuf/tuf-keys.js';
import { generateKeyPair } from '../core/keys/generate-key.js';
import { describePrivateKeyText, loadPrivateKey, MAX_PRIVATE_KEY_FILE_BYTES } from '../core/keys/private-key-file.js';
import { readPublicKeyFile } from '../core/keys/public-key-file.js';
import { KeyFileSigner } from '../core/signers/key-file-signer.js';
import type { AsyncSigner } from '../core/signers/signer.js';
import { assertNoRefusedSignatures, roleStatus, signedSha256, type RoleStatus } from '../core/tuf/authorization.js';
import { refusalToSign, replaceAt } from '../core/signers/sign-document.js';
import { pendingPath } from '../../shared/tuf/documents.js';
import type { JsonObject } from '../../shared/json/strict-json.js';
import { exchangeName, importBundleOrFile, jsonBytes, serializeSignPayload, signPayloadFileName, type ImportedBundle } from '../core/exchange/bundle.js';
import { MANIFEST_NAME, shortFingerprint } from '../core/exchange/manifest.js';
import { loadDocumentFile, withNewSignatures } from '../core/tuf/load-document.js';
import { assertTakesPreviousVersion, checkPreviousVersion } from '../core/review/previous-version.js';
import { reviewDocumentUnchecked, reviewDocumentWithStatuses } from '../core/review/review-document.js';
import type { AnchorResult } from '../core/trust/anchor.js';
import { writeFileAtomic } from '../core/platform/atomic-file.js';
import { artifactList } from './review-artifacts.js';
import { AuditLog } from './audit-log.js';
import type { AppContext } from './context.js';
import { CancelledError, orCancel } from './cancelled.js';
import { friendlyWriteError } from './write-errors.js';
import { createCeremonyService } from './ceremony.js';
import type { Dialogs } from './dialogs.js';
import { confirmOrCancel, passphraseForNewKey, secretForSigning, signingQuestion } from './holder-questions.js';
import { discardEvents, type EventSink } from './events.js';
import { exportEntry } from './export.js';
import { mintId } from './ids.js';
import { Keyring } from './keyring.js';
import { appPaths } from '../core/platform/data-dir.js';
import { roleReviewOf, sortNotices, uncheckedRoleReviewOf } from './review.js';
import { preflightSigning, signAndRecord } from './sign-service.js';
import { createTokenService, type TokenService } from './tokens.js';
import { ChosenModules, MODULE_EXTENSIONS } from './token-modules.js';
import { discoverModules } from '../core/tokens/discovery.js';
import { CameraGate, createQrService } from './qr.js';
import { createProofService, proofReviewOptions, ProofStore } from './proofs.js';
import { recordsDir } from '../core/ceremony/record-file.js';
import { AppTrust } from './trust-store.js';
import { describeItem, materializeDrop, parseDocumentBytes, Workspace, type ProgressContext, type WorkspaceEntry } from './workspace.js';

/** One handler per channel: request already parsed, response checked by the dispatcher. */
export type AppServices = { [K in ChannelKey]: (request: RequestOf<K>) => Promise<ResponseOf<K>> };

/** Browser shell only: the main-side chooser the renderer draws (see main/shells/browser). */
export interface ChooserControl {
  navigate(request: RequestOf<'chooserNavigate'>): ResponseOf<'chooserNavigate'>;
  choose(request: RequestOf<'chooserChoose'>): void;
  cancel(request: RequestOf<'chooserCancel'>): void;
}

export interface AppServicesOptions {
  /** Everything the app stores lives under this directory. */
  dataDir: string;
  dialogs: Dialogs;
  shell: 'electron' | 'browser' | 'test';
  appVersion?: string;
  events?: EventSink;
  now?: () => Date;
  chooser?: ChooserControl;
  tokens?: TokenService;
  /** Read by the Electron shell's permission handler: the camera only while a QR scan is open. */
  camera?: CameraGate;
}



// Paging through a huge role canonicalizes it once per revision, not once per page.
const canonicalCache = new WeakMap<object, string>();
function canonicalText(metadata: { signed: unknown }): string {
  let text = canonicalCache.get(metadata);
  if (text === undefined) {
    text = canonicalize(metadata.signed);
    canonicalCache.set(metadata, text);
  }
  return text;
}
const JSON_FILTERS = [{ name: 'RSTUF / TUF JSON', extensions: ['json'] }];

interface ChosenKeyFile {
  path: string;
  fileName: string;
}

export function createAppServices(options: AppServicesOptions): AppServices & { context: AppContext } {
  const paths = appPaths(options.dataDir);
  // Left over from a crash mid-import: never needed again.
  rmSync(paths.dropped, { recursive: true, force: true });
  const now = options.now ?? (() => new Date());
  const ctx: AppContext = {
    paths,
    dialogs: options.dialogs,
    events: options.events ?? discardEvents,
    now,
    workspace: new Workspace(now),
    keyring: new Keyring(paths.keyring),
    trust: new AppTrust(paths, now),
    audit: new AuditLog(paths.auditLog, now),
  };
  const keyFiles = new Map<string, ChosenKeyFile>();
  // The modules found on this computer, and the ones the holder chose in the app.
  const chosenModules = new ChosenModules(ctx.paths.tokenModules);
  const tokens = options.tokens ?? createTokenService({ modules: () => discoverModules({ userPaths: chosenModules.list() }) });
  const ceremony = createCeremonyService({ ...ctx, pinnedRoot: () => ctx.trust.pinnedRoot() });
  // A scanned payload is imported exactly like a dropped file (services.workspaceImportDropped).
  const qr = createQrService({ ctx, camera: options.camera ?? new CameraGate(), importDropped: (request) => services.workspaceImportDropped(request) });
  const progress = (operationId: string | undefined): ProgressContext => ({ operationId: operationId ?? null, emit: ctx.events });
  // Proofs of possession (data folder, shared with the CLI) and the ceremony record.
  const proofStore = new ProofStore(paths.proofs);
  const proofChannels = createProofService({ ctx, store: proofStore, reviewGet: (request) => services.reviewGet(request) });

  /** Each pending role of the document's review, for the screens. */
  function reviewEntry(entry: WorkspaceEntry, anchor: AnchorResult): RoleReview[] {
    // One count per role: the review's own, also behind the screens' signer lists.
    const { review, statuses } = reviewDocumentWithStatuses(entry.doc, { anchor, source: entry.displayName, now: now().getTime(), previous: previousVersions(entry), ...proofReviewOptions(proofStore, entry.repository) });
    const context = anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {};
    return entry.doc.pending.map((p, i) => roleReviewOf(statuses[i] as RoleStatus, review.roles[i] as (typeof review.roles)[number], refusalToSign(entry.doc, p, context)));
  }

  /** reviewEntry without the signature status (nothing serialized or verified): the first screen. */
  function uncheckedReviewEntry(entry: WorkspaceEntry, anchor: AnchorResult): RoleReview[] {
    const { review, summaries } = reviewDocumentUnchecked(entry.doc, { anchor, source: entry.displayName, now: now().getTime(), previous: previousVersions(entry), ...proofReviewOptions(proofStore, entry.repository) });
    const context = anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {};
    return entry.doc.pending.map((p, i) => uncheckedRoleReviewOf(review.roles[i] as (typeof review.roles)[number], summaries[i]?.missingAuthorizer, refusalToSign(entry.doc, p, context)));
  }

  /** Reads a file or bundle folder through the exchange module (hashes, kinds, consistency checked). */
  function importPath(path: string, operationId: string | undefined, displayName = basename(path)): WorkspaceItem {
    const p = progress(operationId);
    p.emit('signer:event.progress', { operationId: p.operationId, task: 'import', phase: 'start', message: `Reading and checking ${displayName}`, completed: null, total: null });
    let bundle: ImportedBundle;
    try {
      bundle = importBundleOrFile(path);
    } finally {
      p.emit('signer:event.progress', { operationId: p.operationId, task: 'import', phase: 'done', message: `Finished reading ${displayName}`, completed: null, total: null });
    }
    const entry = ctx.workspace.add({
      displayName,
      source: bundle.isFolder ? 'bundle' : 'file',
      documentFileName: bundle.documentFile.name,
      doc: bundle.document,
      files: bundle.files.map((f) => ({ name: f.name, bytes: f.bytes })),
      ...(bundle.manifest.source ? { manifestSource: bundle.manifest.source } : {}),
      fingerprint: bundle.sha256,
      manifestFingerprint: bundle.isFolder ? bundle.sha256 : null,
      repository: exchangeName(bundle, displayName),
    });
    return describeItem(entry);
  }

  // One signature at a time per item: each one starts from the document with the previous one added
  // (two overlapping calls would otherwise both start from the same revision, and the second would
  // silently drop the first signature from the document).
  const itemLocks = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(itemId: string, work: () => Promise<T>): Promise<T> {
    const previous = itemLocks.get(itemId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    itemLocks.set(itemId, settled);
    void settled.then(() => {
      if (itemLocks.get(itemId) === settled) itemLocks.delete(itemId);
    });
    return next;
  }

  async function signWith(entry: WorkspaceEntry, role: string | undefined, reviewed: readonly ReviewedRole[], signer: AsyncSigner, keySource: SignResult['auditEntry']['keySource']): Promise<SignResult> {
    const anchor = ctx.trust.anchor(entry.doc);
    const { outcome, auditEntry, record } = await signAndRecord({
      doc: entry.doc,
      ...(role !== undefined ? { role } : {}),
      reviewed,
      itemName: entry.displayName,
      signer,
      ...(anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {}),
      audit: ctx.audit,
      repository: entry.repository,
      keySource,
      ceremonyRecord: { recordsDir: recordsDir(paths.dataDir), anchor, proofs: proofReviewOptions(proofStore, entry.repository), now },
    });
    // In the layout it came in (a compact API answer stays compact), and not parsed again.
    entry.files = entry.files.map((f) => (f.name === entry.documentFileName ? { name: f.name, bytes: jsonBytes(outcome.signedDocument, f.bytes) } : f));
    entry.doc = withNewSignatures(entry.doc, outcome.signedDocument);
    // A sign-pending response is answered with one RSTUF sign payload per signature (POST /api/v1/metadata/sign).
    if (entry.doc.kind === 'sign-pending') entry.files.push({ name: signPayloadFileName(outcome.role, outcome.version, outcome.keyid), bytes: serializeSignPayload(outcome.signPayload) });
    entry.signatures.push({ role: outcome.role, version: outcome.version, keyid: outcome.keyid, payload: outcome.signPayload });
    const review = reviewEntry(entry, anchor).find((r) => r.role === outcome.role) as RoleReview;
    // The renderer is told the record's file name, never its path.
    const shown = record === undefined ? {} : { record: record.written ? { written: true as const, fileName: record.fileName } : record };
    return { itemId: entry.id, role: outcome.role, version: outcome.version, keyid: outcome.keyid, keyName: outcome.keyName, review, item: describeItem(entry), auditEntry, ...shown };
  }

  function publicKeyInfo(key: TufKey, name: string, origin: PublicKeyInfo['origin'], fileName: string | null): PublicKeyInfo {
    const keyid = computeKeyId(key);
    return { keyid, name, keytype: key.keytype, scheme: key.scheme, origin, fileName };
  }

  const services: AppServices = {
    async appInfo() {
      return { name: 'RSTUF Offline Signer', version: options.appVersion ?? '0.0.0', shell: options.shell, questions: ctx.dialogs.questions };
    },

    async workspaceImportWithDialog(req) {
      const path =
        req.pick === 'file'
          ? orCancel(await ctx.dialogs.openFile({ title: 'Import an RSTUF file', filters: JSON_FILTERS }), 'Import')
          : orCancel(await ctx.dialogs.openFolder({ title: 'Import a bundle folder' }), 'Import');
      return importPath(path, req.operationId);
    },

    async workspaceImportDropped(req) {
      // Each drop gets a fresh private folder, kept only while it is read: the workspace keeps the
      // bytes, so nothing dropped lingers on disk. The dropped names are kept so messages name them.
      const dir = join(paths.dropped, mintId('item'));
      try {
        if (req.folderName !== undefined) {
          const folder = join(dir, req.folderName);
          materializeDrop(folder, req.files);
          return importPath(folder, req.operationId, req.folderName);
        }
        if (req.files.length !== 1) throw new SignerError('INPUT_UNKNOWN_KIND', `${req.files.length} files were dropped; drop one RSTUF file or one bundle folder`);
        const { paths: written } = materializeDrop(dir, req.files);
        return importPath(written[0] as string, req.operationId, basename(req.files[0]!.path));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },

    async workspaceList() {
      return ctx.workspace.list().map(describeItem);
    },

    async workspaceRemove(req) {
      ctx.workspace.remove(req.itemId);
      return {};
    },

    async reviewGet(req) {
      const entry = ctx.workspace.get(req.itemId);
      const anchor = ctx.trust.anchor(entry.doc);
      const roles = req.firstScreen ? uncheckedReviewEntry(entry, anchor) : reviewEntry(entry, anchor);
      const notices: ReviewModel['notices'] = [];
      // An unanchored trusted root is the review's own trust-not-anchored warning, per role.
      if (entry.doc.pending.length === 0) notices.push({ severity: 'info', code: 'NOTHING_TO_SIGN', message: `${entry.displayName} is a ${DOCUMENT_KIND_LABELS[entry.doc.kind]}; it holds nothing to sign.` });
      for (const [role, previous] of Object.entries(entry.previous ?? {})) {
        notices.push({ severity: 'info', code: 'COMPARED_WITH_PREVIOUS', message: `${role} is compared with v${previous.metadata.signed.version} from ${previous.source}, which enough of the keys delegated to ${role} signed.` });
      }
      return { itemId: entry.id, kind: entry.doc.kind, kindLabel: DOCUMENT_KIND_LABELS[entry.doc.kind], roles, notices: sortNotices(notices), trust: { state: anchor.trust.state, message: anchor.trust.message, ...checkedAgainst(anchor) } };
    },

    async reviewCanonical(req) {
      const entry = ctx.workspace.get(req.itemId);
      const role = entry.doc.pending.find((p) => p.name === req.role);
      if (!role) throw new SignerError('ROLE_NOT_FOUND', `no role "${req.role}" is pending signature in ${entry.displayName} (pending: ${entry.doc.pending.map((p) => p.name).join(', ') || 'none'})`);
      const text = canonicalText(role.metadata);
      const offset = Math.min(req.offset ?? 0, text.length);
      const end = Math.min(text.length, offset + (req.limit ?? 1_000_000));
      return {
        role: role.name,
        // The same bytes and hash the review and the signer use (canonicalBytes, cached for imports).
        sha256: signedSha256(role.metadata),
        totalBytes: canonicalBytes(role.metadata.signed).length,
        totalChars: text.length,
        offset,
        text: text.slice(offset, end),
        nextOffset: end < text.length ? end : null,
      };
    },

    async reviewArtifacts(req) {
      const entry = ctx.workspace.get(req.itemId);
      return artifactList(entry.doc, entry.displayName, req, previousVersions(entry));
    },

    async reviewComparePrevious(req) {
      const entry = ctx.workspace.get(req.itemId);
      const role = entry.doc.pending.find((p) => p.name === req.role);
      if (!role) throw new SignerError('ROLE_NOT_FOUND', `no role "${req.role}" is pending signature in ${entry.displayName} (pending: ${entry.doc.pending.map((p) => p.name).join(', ') || 'none'})`);
      // Before any file is chosen: the role can take one, and the file's trust holds (the check
      // relies on its trusted targets).
      assertTakesPreviousVersion(entry.doc, role);
      ctx.trust.anchor(entry.doc);
      const path = orCancel(await ctx.dialogs.openFile({ title: `Choose the current version of ${role.name} to compare with`, filters: JSON_FILTERS }), 'Choosing a version to compare with');
      const metadata = checkPreviousVersion(entry.doc, role, loadDocumentFile(path));
      entry.previous = { ...entry.previous, [role.name]: { metadata, source: basename(path) } };
      return services.reviewGet({ itemId: entry.id });
    },

    async keysChooseKeyFile(): Promise<KeyFileChoice> {
      const path = orCancel(await ctx.dialogs.openFile({ title: 'Choose your private key file' }), 'Choosing a key file');
      const fileName = basename(path);
      const text = readKeyText(path, fileName);
      const { encrypted, format } = describePrivateKeyText(text);
      let publicKey: PublicKeyInfo | null = null;
      if (format === 'unknown' || !encrypted) {
        try {
          const loaded = loadPrivateKey(text);
          publicKey = publicKeyInfo(tufKeyFromKeyObject(loaded.key, loaded.legacyScheme), fileName, 'imported', fileName);
        } catch (error) {
          if (error instanceof SignerError) throw prefixed(error, fileName);
          throw error;
        }
      }
      const keyFileRef = mintId('keyfile');
      keyFiles.set(keyFileRef, { path, fileName });
      return { keyFileRef, fileName, encrypted, publicKey };
    },

    async keysList() {
      return ctx.keyring.list();
    },

    async keysGenerate(req) {
      // A private key starts in the data folder's keys/ (0700), never where the last export went.
      const keysFolder = join(ctx.paths.dataDir, 'keys');
      mkdirSync(keysFolder, { recursive: true, mode: 0o700 });
      const target = orCancel(await ctx.dialogs.saveFile({ title: 'Save the encrypted private key', defaultName: `${req.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.key`, startIn: keysFolder }), 'Generating a key');
      refuseBundleFolder(target);
      const passphrase = await passphraseForNewKey(ctx.dialogs, req.passphrase, req.name);
      ctx.events('signer:event.progress', { operationId: req.operationId ?? null, task: 'keygen', phase: 'start', message: 'Generating and encrypting the key', completed: null, total: null });
      try {
        const generated = generateKeyPair(req.scheme, passphrase);
        writeInChosenPlace(target, generated.encryptedPrivatePem, 0o600);
        const fileName = basename(target);
        const info = ctx.keyring.add({ keyid: generated.keyid, name: req.name, key: generated.tufKey, origin: 'generated', fileName });
        return { fileName, publicKey: info };
      } finally {
        passphrase.fill(0);
        ctx.events('signer:event.progress', { operationId: req.operationId ?? null, task: 'keygen', phase: 'done', message: 'Key generation finished', completed: null, total: null });
      }
    },

    async keysImportPublic() {
      const path = orCancel(await ctx.dialogs.openFile({ title: 'Import a public key or certificate', filters: [{ name: 'Public keys and certificates', extensions: ['pub', 'pem', 'crt', 'cer', 'json', 'txt'] }] }), 'Importing a public key');
      const fileName = basename(path);
      const imported = readPublicKeyFile(path);
      const name = imported.suggestedName ?? fileName.replace(/\.(pub|pem|crt|cer|json|txt)$/i, '');
      const info = ctx.keyring.add({ keyid: imported.keyid, name, key: imported.key, origin: 'imported', fileName });
      return { imported: [info] };
    },

    async keysImportFromToken(req) {
      const { key, keyName, tokenName } = tokens.publicKeyOf(req.tokenRef, req.tokenKeyRef);
      const info = ctx.keyring.add({ keyid: computeKeyId(key), name: req.name ?? `${tokenName} ${keyName}`, key, origin: 'token', fileName: null });
      return { imported: [info] };
    },

    async keysExportPublic(req) {
      const entry = ctx.keyring.get(req.keyid);
      const ext = req.format === 'pem' ? 'pub' : 'json';
      const target = orCancel(await ctx.dialogs.saveFile({ title: 'Export the public key', defaultName: `${entry.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.${ext}` }), 'Exporting a public key');
      const content =
        req.format === 'pem'
          ? String(keyObjectFromTufKey(entry.key).export({ format: 'pem', type: 'spki' }))
          : `${JSON.stringify({ keytype: entry.key.keytype, scheme: entry.key.scheme, keyval: entry.key.keyval }, null, 2)}\n`;
      writeInChosenPlace(target, content, 0o644);
      return { fileName: basename(target) };
    },

    async signWithKeyFile(req) {
      const entry = ctx.workspace.get(req.itemId);
      // Before the key is read or the passphrase used: the bytes must be the reviewed ones.
      const anchor = ctx.trust.anchor(entry.doc);
      preflightSigning({ doc: entry.doc, ...(anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {}), ...(req.role !== undefined ? { role: req.role } : {}), reviewed: req.reviewed, itemName: entry.displayName });
      const chosen = keyFiles.get(req.keyFileRef);
      if (!chosen) throw new SignerError('KEY_UNREADABLE', 'that key file is no longer chosen (the app restarted); choose it again');
      const text = readKeyText(chosen.path, chosen.fileName);
      const question = signingQuestion(entry.doc, req.role, req.reviewed, entry.displayName, `key file ${chosen.fileName}`);
      // An encrypted key: main's passphrase prompt is the confirmation. Otherwise main asks yes/no.
      const passphrase = describePrivateKeyText(text).encrypted
        ? await secretForSigning(ctx.dialogs, { kind: 'passphrase', fromPage: req.passphrase, unlocks: chosen.fileName, question })
        : (await confirmOrCancel(ctx.dialogs, question, 'Signing', 'Sign'), undefined);
      let signer: KeyFileSigner;
      try {
        const loaded = loadPrivateKey(text, passphrase);
        signer = new KeyFileSigner(loaded.key, `key file ${chosen.fileName}`, loaded.legacyScheme);
      } catch (error) {
        if (error instanceof SignerError) throw prefixed(error, chosen.fileName);
        throw error;
      } finally {
        passphrase?.fill(0);
      }
      ctx.events('signer:event.progress', { operationId: req.operationId ?? null, task: 'sign', phase: 'start', message: `Signing with ${chosen.fileName}`, completed: null, total: null });
      try {
        return await oneAtATime(entry.id, () => signWith(entry, req.role, req.reviewed, signer, { kind: 'file', fileName: chosen.fileName }));
      } finally {
        signer.dispose();
        ctx.events('signer:event.progress', { operationId: req.operationId ?? null, task: 'sign', phase: 'done', message: 'Signing finished', completed: null, total: null });
      }
    },

    async signWithToken(req) {
      const entry = ctx.workspace.get(req.itemId);
      // Before the PIN reaches the token (a wrong attempt counts against its retry limit).
      const anchor = ctx.trust.anchor(entry.doc);
      preflightSigning({ doc: entry.doc, ...(anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {}), ...(req.role !== undefined ? { role: req.role } : {}), reviewed: req.reviewed, itemName: entry.displayName });
      const tokenName = tokens.tokenLabel(req.tokenRef);
      const question = signingQuestion(entry.doc, req.role, req.reviewed, entry.displayName, `token ${tokenName}`);
      const pin = await secretForSigning(ctx.dialogs, { kind: 'pin', fromPage: req.pin, unlocks: tokenName, question });
      if (pin === undefined) throw new SignerError('PIN_REQUIRED', `enter the PIN of ${tokenName} to sign`);
      const { signer, serial, label } = await tokens.openSigner(req.tokenRef, req.tokenKeyRef, pin, progress(req.operationId));
      try {
        return await oneAtATime(entry.id, () => signWith(entry, req.role, req.reviewed, signer, { kind: 'token', serial, label }));
      } finally {
        signer.dispose();
        ctx.events('signer:event.progress', { operationId: req.operationId ?? null, task: 'token', phase: 'done', message: `Finished with ${label}`, completed: null, total: null });
      }
    },

    async signDropSignature(req) {
      const entry = ctx.workspace.get(req.itemId);
      const role = entry.doc.pending.find((p) => p.name === req.role);
      if (!role) throw new SignerError('ROLE_NOT_FOUND', `no role "${req.role}" is pending signature in ${entry.displayName}`);
      const anchor = ctx.trust.anchor(entry.doc);
      const status = roleStatus(entry.doc, role, anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {});
      // Only what RSTUF would refuse the payload for: a valid signature is never taken out here.
      if (!status.refused.some((r) => r.keyid === req.keyid)) {
        throw new SignerError('SIGNATURE_INVALID', `${role.name} in ${entry.displayName} carries no signature RSTUF would refuse under key id ${req.keyid.slice(0, 16)}; only such signatures can be dropped`);
      }
      return oneAtATime(entry.id, async () => {
        // The document as it is now (a signature may have been added meanwhile).
        const current = entry.doc.pending.find((p) => p.name === req.role) as typeof role;
        const metadata = { ...current.metadata, signatures: current.metadata.signatures.filter((s) => s.keyid !== req.keyid) };
        const json = replaceAt(entry.doc.json, pendingPath(entry.doc, current), metadata as unknown as JsonObject);
        entry.files = entry.files.map((f) => (f.name === entry.documentFileName ? { name: f.name, bytes: jsonBytes(json, f.bytes) } : f));
        entry.doc = withNewSignatures(entry.doc, json);
        return describeItem(entry);
      });
    },

    async tokensList() {
      return tokens.list();
    },

    async tokensChooseModule() {
      const path = orCancel(await ctx.dialogs.openFile({ title: 'Choose a PKCS#11 module', filters: [{ name: 'PKCS#11 modules', extensions: MODULE_EXTENSIONS }] }), 'Choosing a module');
      chosenModules.add(path);
      return tokens.list();
    },

    async exportItem(req) {
      const entry = ctx.workspace.get(req.itemId);
      // Before a folder is chosen: RSTUF would refuse this payload whole.
      const anchor = ctx.trust.anchor(entry.doc);
      assertNoRefusedSignatures(entry.doc, anchor.trustedRoot ? { trustedRoot: anchor.trustedRoot } : {});
      const folder = orCancel(await ctx.dialogs.chooseFolder({ title: 'Choose where to write the bundle (e.g. the USB stick)' }), 'Export');
      return exportEntry(entry, folder, now(), progress(req.operationId));
    },

    async trustGet() {
      return ctx.trust.state();
    },

    async trustChoose(req) {
      return ctx.trust.choose(req.repository);
    },

    async trustPreview(req) {
      if (req.source.from === 'candidate') return ctx.trust.rejudge(req.source.candidateId, req.repository);
      if (req.source.from === 'dialog') {
        const path = orCancel(await ctx.dialogs.openFile({ title: 'Choose the root metadata to trust', filters: JSON_FILTERS }), 'Choosing a root');
        const doc = importBundleOrFile(path).document;
        const root = doc.pending.find((p) => p.metadata.signed._type === 'root')?.metadata ?? doc.trustedRoot;
        if (!root || root.signed._type !== 'root') throw new SignerError('INPUT_NOT_TUF', `${basename(path)} holds no root metadata to trust`);
        return ctx.trust.preview(root as RootMetadata, basename(path), req.repository);
      }
      const entry = ctx.workspace.get(req.source.itemId);
      const root = entry.doc.pending.find((p) => p.metadata.signed._type === 'root')?.metadata ?? entry.doc.trustedRoot;
      if (!root || root.signed._type !== 'root') throw new SignerError('INPUT_NOT_TUF', `${entry.displayName} holds no root metadata to trust`);
      return ctx.trust.preview(root as RootMetadata, entry.displayName, req.repository);
    },

    async trustPin(req) {
      // Main asks outside the page (Electron's message box, the browser shell's terminal): a
      // compromised page must not be able to change the trust anchor, which outlives it.
      const candidate = ctx.trust.candidate(req.candidateId);
      ctx.trust.assertPinnable(req.candidateId);
      if (candidate && candidate.relation !== 'same') {
        const yes = await ctx.dialogs.confirm({
          title: 'Pin a root in the trust store',
          message: `Pin root v${candidate.version} from ${candidate.sourceName} as the trusted root of repository "${candidate.repository}"?`,
          detail: [`Fingerprint: ${shortFingerprint(candidate.fingerprint)} (${candidate.fingerprint})`, 'Compare it with the other key holders before you pin it.', ...candidate.warnings].join('\n\n'),
          confirmLabel: 'Pin this root',
        });
        if (!yes) throw new CancelledError('Pinning the root');
      }
      ctx.trust.pin(req.candidateId, req.acceptWarnings);
      return ctx.trust.state();
    },

    async ceremonyValidate(req) {
      return ceremony.validate(req);
    },

    async ceremonyCreate(req) {
      const { payload, fileName } = ceremony.build(req);
      const bytes = Buffer.from(`${JSON.stringify(payload, null, 2)}\n`, 'utf8');
      const doc = parseDocumentBytes(bytes, fileName);
      const entry = ctx.workspace.add({ displayName: fileName, source: 'file', documentFileName: fileName, doc, files: [{ name: fileName, bytes }], fingerprint: createHash('sha256').update(bytes).digest('hex'), manifestFingerprint: null, repository: fileName });
      return describeItem(entry);
    },

    async auditList(req) {
      const { entries, total } = ctx.audit.list(req?.limit ?? 100, req?.beforeSeq);
      return { entries, total, chain: ctx.audit.verify() };
    },

    async auditExport() {
      const target = orCancel(await ctx.dialogs.saveFile({ title: 'Export the audit log', defaultName: `rstuf-signer-audit-log-${now().toISOString().slice(0, 10)}.json`, filters: JSON_FILTERS }), 'Exporting the audit log');
      const entries = exportAudit(target);
      return { fileName: basename(target), entries };
    },

    async chooserNavigate(req) {
      return requireChooser().navigate(req);
    },
    async chooserChoose(req) {
      requireChooser().choose(req);
      return {};
    },
    async chooserCancel(req) {
      requireChooser().cancel(req);
      return {};
    },

    ...qr,
    ...proofChannels,
  };

  function requireChooser(): ChooserControl {
    if (!options.chooser) throw new SignerError('USAGE', 'no file chooser is open: this app shows its own system dialogs');
    return options.chooser;
  }

  function exportAudit(target: string): number {
    try {
      return ctx.audit.exportTo(target);
    } catch (error) {
      throw friendlyWriteError(error, target);
    }
  }

  /** A file saved into an exported bundle would travel with it and break `bundle verify`. */
  function refuseBundleFolder(target: string): void {
    if (existsSync(join(dirname(target), MANIFEST_NAME))) {
      throw new SignerError('OUTPUT_UNWRITABLE', `${basename(dirname(target))} is a bundle folder (it holds ${MANIFEST_NAME}); a key saved there would travel with the bundle and break its check. Choose another folder (nothing was written)`);
    }
  }

  function writeInChosenPlace(target: string, content: string, mode: number): void {
    try {
      writeFileAtomic(target, content, { overwrite: false, mode });
    } catch (error) {
      throw friendlyWriteError(error, target);
    }
  }

  return Object.assign(services, { context: ctx });
}

/** The repository and root version a chained review was checked against ("checked against repository one, root v2"). */
function checkedAgainst(anchor: AnchorResult): { repository?: string; rootVersion?: number } {
  const { repository, latestVersion } = anchor.trust;
  if (anchor.trust.state !== 'chained' || repository === undefined) return {};
  const rootVersion = anchor.trustedRoot?.signed.version ?? latestVersion;
  return rootVersion === undefined ? { repository } : { repository, rootVersion };
}

/** The checked versions the holder brought to compare pending delegated roles with, by role. */
function previousVersions(entry: WorkspaceEntry): Record<string, TufMetadata> {
  return Object.fromEntries(Object.entries(entry.previous ?? {}).map(([role, p]) => [role, p.metadata]));
}

function readKeyText(path: string, fileName: string): string {
  return readRegularFile(path, {
    label: fileName,
    maxBytes: MAX_PRIVATE_KEY_FILE_BYTES,
    unreadableCode: 'KEY_UNREADABLE',
    tooLargeCode: 'KEY_UNREADABLE',
    tooLarge: () => `${fileName} is too large to be a private key file`,
  }).toString('utf8');
}
