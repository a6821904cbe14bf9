// A FAKE SignerApi for renderer unit tests only (the e2e suite drives the real dispatcher). Every
// method is a vi.fn with a plausible default answer; tests override answers per call and emit
// main's events (progress, devices, chooser) by hand.
import { vi, type Mock } from 'vitest';
import type { SignerApi } from '../../shared/ipc/channels.js';
import type { IpcResult } from '../../shared/ipc/result.js';
import type { AuditEntry, ChooserEvent, DevicesEvent, ProgressEvent, ReviewModel, RoleReview, SignResult, WorkspaceItem } from '../../shared/ipc/schemas.js';

export const hex64 = (c: string) => c.repeat(64).slice(0, 64);

export function makeItem(over: Partial<WorkspaceItem> = {}): WorkspaceItem {
  return {
    id: `item-${'a'.repeat(32)}`,
    displayName: 'sign_pending_roles.json',
    source: 'file',
    kind: 'sign-pending',
    kindLabel: 'RSTUF metadata pending signature',
    roles: [{ role: 'root', type: 'root', version: 2, expires: '2099-12-31T23:59:59Z' }],
    fingerprint: hex64('ab12'),
    manifestFingerprint: null,
    fingerprintShort: 'abab abab abab abab',
    importedAt: '2026-11-25T12:00:00Z',
    signaturesAdded: 0,
    ...over,
  };
}

export function makeRole(over: Partial<RoleReview> = {}): RoleReview {
  return {
    role: 'root',
    type: 'root',
    version: 2,
    expires: '2099-12-31T23:59:59Z',
    trustedVersion: 1,
    signaturesChecked: true,
    sha256: hex64('c0ffee'),
    canonicalBytes: 1234,
    thresholds: [
      {
        label: 'trusted root v1',
        required: 3,
        signedCount: 2,
        met: false,
        signers: [
          { keyid: hex64('1'), name: 'JanisJoplin', state: 'valid' },
          { keyid: hex64('2'), name: 'JimiHendrix', state: 'valid' },
          { keyid: hex64('3'), name: 'JoeCocker', state: 'missing' },
        ],
      },
    ],
    met: false,
    missingAuthorizer: null,
    changes: [{ area: 'version', summary: 'Version goes from 1 to 2', before: '1', after: '2' }],
    notices: [],
    refusedSignatures: [],
    signingRefused: null,
    root: null,
    artifacts: null,
    ...over,
  };
}

export function makeReview(over: Partial<ReviewModel> = {}): ReviewModel {
  return { itemId: makeItem().id, kind: 'sign-pending', kindLabel: 'RSTUF metadata pending signature', roles: [makeRole()], notices: [], trust: { state: 'chained', message: 'judged against the pinned root v1' }, ...over };
}

export function makeAuditEntry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq: 1,
    time: '2026-11-25T12:05:00Z',
    repository: 'sign_pending_roles.json',
    role: 'root',
    version: 2,
    signedSha256: hex64('c0ffee'),
    keyid: hex64('2'),
    keyName: 'JimiHendrix',
    keySource: { kind: 'file', fileName: 'JH.ed25519' },
    prevHash: hex64('0'),
    hash: hex64('9'),
    ...over,
  };
}

export function makeSignResult(over: Partial<SignResult> = {}): SignResult {
  const item = makeItem({ signaturesAdded: 1 });
  return {
    itemId: item.id,
    role: 'root',
    version: 2,
    keyid: hex64('2'),
    keyName: 'JimiHendrix',
    review: makeRole({ thresholds: [{ ...makeRole().thresholds[0]!, signedCount: 3, met: true, signers: makeRole().thresholds[0]!.signers.map((s) => ({ ...s, state: 'valid' as const })) }], met: true }),
    item,
    auditEntry: makeAuditEntry(),
    ...over,
  };
}

export const okR = <T>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
export const failR = (code: string, message: string): Promise<IpcResult<never>> => Promise.resolve({ ok: false, error: { code: code as never, message } });

type Listeners = { progress: ((e: ProgressEvent) => void)[]; devices: ((e: DevicesEvent) => void)[]; chooser: ((e: ChooserEvent) => void)[] };

export type FakeApi = { [K in keyof SignerApi]: Mock<SignerApi[K]> } & {
  emitProgress(e: ProgressEvent): void;
  emitDevices(e: DevicesEvent): void;
  emitChooser(e: ChooserEvent): void;
};

export function createFakeApi(): FakeApi {
  const listeners: Listeners = { progress: [], devices: [], chooser: [] };
  const subscribe = <K extends keyof Listeners>(kind: K) =>
    vi.fn((listener: Listeners[K][number]) => {
      (listeners[kind] as unknown[]).push(listener);
      return () => {
        listeners[kind] = listeners[kind].filter((l) => l !== listener) as never;
      };
    });
  const api = {
    appInfo: vi.fn(() => okR({ name: 'rstuf-signer', version: '0.1.0', shell: 'test' as const, questions: 'page' as const })),
    workspaceImportWithDialog: vi.fn(() => okR(makeItem())),
    workspaceImportDropped: vi.fn(() => okR(makeItem({ source: 'bundle' }))),
    workspaceList: vi.fn(() => okR([] as WorkspaceItem[])),
    workspaceRemove: vi.fn(() => okR({})),
    reviewGet: vi.fn(() => okR(makeReview())),
    reviewCanonical: vi.fn(() => okR({ role: 'root', sha256: hex64('c0ffee'), totalBytes: 10, totalChars: 10, offset: 0, text: '{"a":1}', nextOffset: null })),
    keysChooseKeyFile: vi.fn(() => okR({ keyFileRef: `keyfile-${'b'.repeat(32)}`, fileName: 'JH.ed25519', encrypted: true, publicKey: null })),
    keysList: vi.fn(() => okR([])),
    keysGenerate: vi.fn(() =>
      okR({ fileName: 'alice.key', publicKey: { keyid: hex64('4'), name: 'Alice', keytype: 'ed25519', scheme: 'ed25519', origin: 'generated' as const, fileName: 'alice.key' } }),
    ),
    keysImportPublic: vi.fn(() => okR({ imported: [] })),
    keysImportFromToken: vi.fn(() => okR({ imported: [] })),
    keysExportPublic: vi.fn(() => okR({ fileName: 'alice.pub' })),
    signWithKeyFile: vi.fn(() => okR(makeSignResult())),
    signWithToken: vi.fn(() => okR(makeSignResult())),
    tokensList: vi.fn(() => okR({ available: true, message: null, tokens: [] })),
    tokensChooseModule: vi.fn(() => okR({ available: true, message: null, tokens: [] })),
    exportItem: vi.fn(() => okR({ destinationName: 'USB', files: ['manifest.json', 'sign-payload.json'], manifestFingerprint: hex64('0123456789abcdef'), fingerprintShort: '0123 4567 89ab cdef' })),
    trustGet: vi.fn(() => okR({ pinned: null })),
    trustPreview: vi.fn(),
    trustPin: vi.fn(),
    ceremonyValidate: vi.fn(() => okR({ valid: true, messages: [], changes: [], notices: [], summary: [], current: [] })),
    ceremonyCreate: vi.fn(() => okR(makeItem({ kind: 'bootstrap', displayName: 'bootstrap payload' }))),
    auditList: vi.fn(() => okR({ entries: [], total: 0, chain: { valid: true, brokenAtSeq: null, message: 'empty log' } })),
    auditExport: vi.fn(() => okR({ fileName: 'audit.json', entries: 0 })),
    reviewArtifacts: vi.fn(() =>
      okR({
        role: 'prod',
        page: 1,
        pageSize: 100,
        pages: 1,
        totalEntries: 1,
        compared: true,
        entries: [{ path: 'production/a.tar.gz', status: 'added' as const, group: 'production/', from: null, to: { length: 10, hashes: { sha256: hex64('a1') } } }],
      }),
    ),
    reviewComparePrevious: vi.fn(() => okR(makeReview())),
    signDropSignature: vi.fn(() => okR(makeItem())),
    chooserNavigate: vi.fn(),
    chooserChoose: vi.fn(() => okR({})),
    chooserCancel: vi.fn(() => okR({})),
    onProgress: subscribe('progress'),
    onDevices: subscribe('devices'),
    onChooser: subscribe('chooser'),
    emitProgress: (e: ProgressEvent) => listeners.progress.forEach((l) => l(e)),
    emitDevices: (e: DevicesEvent) => listeners.devices.forEach((l) => l(e)),
    emitChooser: (e: ChooserEvent) => listeners.chooser.forEach((l) => l(e)),
  };
  return api as unknown as FakeApi;
}
