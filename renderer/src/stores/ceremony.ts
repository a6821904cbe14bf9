// The ceremony wizards' state: bootstrap (RSTUF's `admin ceremony`) and metadata update (root
// rotation), step by step. Main checks the answers by RSTUF's rules (ceremony.validate) and builds
// the payload (ceremony.create), which then goes through the same review and signing as any import.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { BootstrapInput, CeremonyInput, CeremonyValidation, UpdateInput, WorkspaceItem } from '../../../shared/ipc/schemas.js';
import { DEFAULT_BINS, DEFAULT_EXPIRATION } from '../../../shared/ceremony/defaults.js';
import { call } from './operation.js';

export type CeremonyMode = 'bootstrap' | 'update';

export const BOOTSTRAP_STEPS = ['Root keys', 'Online key', 'Expiry and delegation', 'Check and create'] as const;
export const UPDATE_STEPS = ['Starting root', 'Changes', 'Check and create'] as const;

export interface KeyPick {
  keyid: string;
  name: string;
}

export interface BootstrapForm {
  rootKeys: KeyPick[];
  rootThreshold: number;
  onlineKeyId: string;
  onlineKeyUri: string;
  expirationDays: BootstrapInput['expirationDays'];
  bins: number;
}

export interface UpdateForm {
  /** 'pinned' or an item id whose root is updated. */
  base: string;
  /** Empty string keeps the current value. */
  rootExpirationDays: string;
  rootThreshold: string;
  addKeys: KeyPick[];
  removeKeys: string[];
  onlineKeyId: string;
  onlineKeyUri: string;
}

export interface CeremonyState {
  mode: CeremonyMode | null;
  step: number;
  bootstrap: BootstrapForm;
  update: UpdateForm;
  validation: CeremonyValidation | null;
  busy: boolean;
  error: IpcError | null;
  start(mode: CeremonyMode): void;
  cancel(): void;
  goToStep(step: number): void;
  setBootstrap(patch: Partial<BootstrapForm>): void;
  setUpdate(patch: Partial<UpdateForm>): void;
  /** Asks main to check the answers; the result is shown next to the inputs. */
  validate(): Promise<CeremonyValidation | null>;
  /** Builds the payload in main and imports it; returns the new workspace item to review and sign. */
  create(): Promise<WorkspaceItem | null>;
}

const initialBootstrap = (): BootstrapForm => ({
  rootKeys: [],
  rootThreshold: 1,
  onlineKeyId: '',
  onlineKeyUri: '',
  expirationDays: { ...DEFAULT_EXPIRATION },
  bins: DEFAULT_BINS,
});

const initialUpdate = (): UpdateForm => ({
  base: 'pinned',
  rootExpirationDays: '',
  rootThreshold: '',
  addKeys: [],
  removeKeys: [],
  onlineKeyId: '',
  onlineKeyUri: '',
});

const named = (k: KeyPick) => (k.name.trim() ? { keyid: k.keyid, name: k.name.trim() } : { keyid: k.keyid });

/** The wizard's answers as the IPC contract's CeremonyInput. */
export function toCeremonyInput(mode: CeremonyMode, bootstrap: BootstrapForm, update: UpdateForm): CeremonyInput {
  if (mode === 'bootstrap') {
    return {
      ceremony: 'bootstrap',
      expirationDays: bootstrap.expirationDays,
      delegation: { kind: 'bins', count: bootstrap.bins },
      rootKeys: bootstrap.rootKeys.map(named),
      rootThreshold: bootstrap.rootThreshold,
      onlineKey: { keyid: bootstrap.onlineKeyId, uri: bootstrap.onlineKeyUri.trim() },
    };
  }
  const input: UpdateInput = {
    ceremony: 'update',
    base: update.base === 'pinned' ? { from: 'pinned' } : { from: 'item', itemId: update.base },
    addKeys: update.addKeys.map(named),
    removeKeys: update.removeKeys,
  };
  const days = Number.parseInt(update.rootExpirationDays, 10);
  if (update.rootExpirationDays.trim() && Number.isFinite(days)) input.rootExpirationDays = days;
  const threshold = Number.parseInt(update.rootThreshold, 10);
  if (update.rootThreshold.trim() && Number.isFinite(threshold)) input.rootThreshold = threshold;
  if (update.onlineKeyId) input.onlineKey = { keyid: update.onlineKeyId, uri: update.onlineKeyUri.trim() };
  return input;
}

export function createCeremonyStore(api: SignerApi) {
  return createStore<CeremonyState>()((set, get) => {
    const input = () => {
      const s = get();
      return toCeremonyInput(s.mode ?? 'bootstrap', s.bootstrap, s.update);
    };
    return {
      mode: null,
      step: 0,
      bootstrap: initialBootstrap(),
      update: initialUpdate(),
      validation: null,
      busy: false,
      error: null,
      start: (mode) => set({ mode, step: 0, validation: null, error: null, bootstrap: initialBootstrap(), update: initialUpdate() }),
      cancel: () => set({ mode: null, step: 0, validation: null, error: null }),
      goToStep: (step) => set({ step, error: null }),
      setBootstrap: (patch) => set((s) => ({ bootstrap: { ...s.bootstrap, ...patch }, validation: null })),
      setUpdate: (patch) => set((s) => ({ update: { ...s.update, ...patch }, validation: null })),
      validate: async () => {
        set({ busy: true, error: null });
        const outcome = await call(() => api.ceremonyValidate(input()));
        set({ busy: false });
        if (outcome.kind === 'ok') {
          set({ validation: outcome.value });
          return outcome.value;
        }
        if (outcome.kind === 'error') set({ error: outcome.error });
        return null;
      },
      create: async () => {
        set({ busy: true, error: null });
        const outcome = await call(() => api.ceremonyCreate(input()));
        set({ busy: false });
        if (outcome.kind === 'ok') {
          set({ mode: null, step: 0, validation: null });
          return outcome.value;
        }
        if (outcome.kind === 'error') set({ error: outcome.error });
        return null;
      },
    };
  });
}

export type CeremonyStore = ReturnType<typeof createCeremonyStore>;

/** Validation messages that belong to an input (field "root.threshold" belongs to "root.threshold" and "root"). */
export function messagesFor(validation: CeremonyValidation | null, field: string): CeremonyValidation['messages'] {
  if (!validation) return [];
  return validation.messages.filter((m) => m.field === field || m.field.startsWith(`${field}.`) || m.field.startsWith(`${field}[`));
}
