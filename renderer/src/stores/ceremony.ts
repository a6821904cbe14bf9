// The ceremony wizards' state: bootstrap (RSTUF's `admin ceremony`) and metadata update (root
// rotation), step by step. Main checks the answers by RSTUF's rules (ceremony.validate) and builds
// the payload (ceremony.create), which then goes through the same review and signing as any import.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import { CeremonyInputSchema, type BootstrapInput, type DelegatedRoleInput as DelegatedRoleRequest, type CeremonyInput, type CeremonyValidation, type UpdateInput, type WorkspaceItem } from '../../../shared/ipc/schemas.js';
import { DEFAULT_BINS, DEFAULT_EXPIRATION, DEFAULT_EXPIRE_POLICY } from '../../../shared/ceremony/defaults.js';
import { call } from './operation.js';
import { expandOnlineKeyUri, stepIsValid, stepMessages, type FieldMessage, type StepContext } from './ceremony-steps.js';

export type CeremonyMode = 'bootstrap' | 'update';

export const BOOTSTRAP_STEPS = ['Root keys', 'Online key', 'Expiry and delegation', 'Check and create'] as const;
export const UPDATE_STEPS = ['Starting root', 'Changes', 'Check and create'] as const;

export interface KeyPick {
  keyid: string;
  name: string;
}

/** One custom delegated role as the wizard asks for it (RSTUF's `delegations` in a bootstrap). */
export interface RoleForm {
  name: string;
  /** Path patterns, one per line (blank lines ignored). */
  paths: string;
  terminating: boolean;
  /** Offline keys; none means the online key signs the role. */
  keys: KeyPick[];
  threshold: number;
  expirePolicy: number;
  /** Hash bins nested below the role (x-rstuf-num-bins), or null for none. */
  numBins: number | null;
  /** The key that signs those bins online (x-rstuf-role-online-key); empty: the repository's online key. */
  roleOnlineKeyId: string;
  /** Its x-rstuf-key-name (empty: the name it has in the key list). */
  roleOnlineKeyName: string;
  roleOnlineKeyUri: string;
}

export interface BootstrapForm {
  rootKeys: KeyPick[];
  rootThreshold: number;
  /** False until the holder sets the threshold: it then follows the keys picked (2 once there are 2). */
  thresholdChosen: boolean;
  onlineKeyId: string;
  /** The online key's x-rstuf-key-name (empty: the name it has in the key list). */
  onlineKeyName: string;
  onlineKeyUri: string;
  expirationDays: BootstrapInput['expirationDays'];
  /** Hash bins (RSTUF's default) or custom delegated roles instead. */
  delegationKind: 'bins' | 'custom';
  bins: number;
  roles: RoleForm[];
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
  onlineKeyName: string;
  onlineKeyUri: string;
}

/** Everything the holder answered, kept with the item it built so the answers can be changed later. */
export interface CeremonyAnswers {
  mode: CeremonyMode;
  bootstrap: BootstrapForm;
  update: UpdateForm;
}

export interface CeremonyState {
  mode: CeremonyMode | null;
  step: number;
  bootstrap: BootstrapForm;
  update: UpdateForm;
  validation: CeremonyValidation | null;
  /** The root an update starts from, as main read it (kept while the answers change). */
  current: CeremonyValidation['current'] | null;
  /** Steps the holder tried to leave: their problems are shown under the fields from then on. */
  attempted: number[];
  /** Counts refused "Next"s, so the screen moves focus to the first invalid field each time. */
  refusals: number;
  busy: boolean;
  error: IpcError | null;
  /** The answers each item built here came from, by item id (for the session, like the items). */
  answers: Record<string, CeremonyAnswers>;
  /** The item whose answers are being changed: building again replaces it (null: a new ceremony). */
  editing: string | null;
  start(mode: CeremonyMode): void;
  /** Opens the wizard on an item's answers, every one kept, at `step` (default the first). False if the item was not built here. */
  changeAnswers(itemId: string, step?: number): boolean;
  cancel(): void;
  goToStep(step: number): void;
  /** Checks the current step by the shared rules; advances only when it has no error. */
  next(ctx: StepContext): boolean;
  /** This step's own problems (once tried) and main's, at one field. */
  messagesAt(field: string, ctx: StepContext): FieldMessage[];
  /** True when every step before `step` passes its rules. */
  stepValid(step: number, ctx: StepContext): boolean;
  setBootstrap(patch: Partial<BootstrapForm>): void;
  setUpdate(patch: Partial<UpdateForm>): void;
  /** Asks main to check the answers; the result is shown next to the inputs. */
  validate(ctx?: StepContext): Promise<CeremonyValidation | null>;
  /**
   * Builds the payload in main and imports it; returns the new workspace item to review and sign.
   * When answers were being changed, the new item takes over the old one's answers; closing the old
   * item is the caller's (workspace.remove, so every store forgets it).
   */
  create(ctx?: StepContext): Promise<WorkspaceItem | null>;
  /** The item was closed: its answers go (kept until then, so a close that fails keeps "Change answers"). */
  forget(itemId: string): void;
}

const initialBootstrap = (): BootstrapForm => ({
  rootKeys: [],
  rootThreshold: 1,
  thresholdChosen: false,
  onlineKeyId: '',
  onlineKeyName: '',
  onlineKeyUri: '',
  expirationDays: { ...DEFAULT_EXPIRATION },
  delegationKind: 'bins',
  bins: DEFAULT_BINS,
  roles: [],
});

/** A new delegated role: terminating and expiring as the CLI's config defaults say. */
export const newRole = (): RoleForm => ({
  name: '',
  paths: '',
  terminating: true,
  keys: [],
  threshold: 1,
  expirePolicy: DEFAULT_EXPIRE_POLICY,
  numBins: null,
  roleOnlineKeyId: '',
  roleOnlineKeyName: '',
  roleOnlineKeyUri: '',
});

/** The path patterns typed one per line, as the list the payload carries. */
export const rolePaths = (text: string): string[] =>
  text
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');

const initialUpdate = (): UpdateForm => ({
  base: 'pinned',
  rootExpirationDays: '',
  rootThreshold: '',
  addKeys: [],
  removeKeys: [],
  onlineKeyId: '',
  onlineKeyName: '',
  onlineKeyUri: '',
});

const named = (k: KeyPick) => (k.name.trim() ? { keyid: k.keyid, name: k.name.trim() } : { keyid: k.keyid });
const onlineChoice = (keyid: string, name: string, uri: string) => ({ keyid, ...(name.trim() ? { name: name.trim() } : {}), uri: expandOnlineKeyUri(uri, keyid) });

/** 2 or more is safer: the threshold follows the keys picked (1 key: 1; 2 or more: 2) until the holder sets it. */
export const suggestedThreshold = (keys: number): number => Math.min(2, Math.max(1, keys));

/** The custom roles as the IPC contract carries them (one list for main and for the step check). */
export function toDelegatedRoles(roles: RoleForm[]): DelegatedRoleRequest[] {
  return roles.map((r) => ({
    name: r.name,
    paths: rolePaths(r.paths),
    terminating: r.terminating,
    keys: r.keys.map(named),
    threshold: r.threshold,
    expirePolicyDays: r.expirePolicy,
    ...(r.numBins !== null ? { numBins: r.numBins } : {}),
    ...(r.roleOnlineKeyId ? { roleOnlineKey: onlineChoice(r.roleOnlineKeyId, r.roleOnlineKeyName, r.roleOnlineKeyUri) } : {}),
  }));
}

/** The wizard's answers as the IPC contract's CeremonyInput. */
export function toCeremonyInput(mode: CeremonyMode, bootstrap: BootstrapForm, update: UpdateForm): CeremonyInput {
  if (mode === 'bootstrap') {
    return {
      ceremony: 'bootstrap',
      expirationDays: bootstrap.expirationDays,
      delegation:
        bootstrap.delegationKind === 'bins'
          ? { kind: 'bins', count: bootstrap.bins }
          : { kind: 'custom', roles: toDelegatedRoles(bootstrap.roles) },
      rootKeys: bootstrap.rootKeys.map(named),
      rootThreshold: bootstrap.rootThreshold,
      onlineKey: onlineChoice(bootstrap.onlineKeyId, bootstrap.onlineKeyName, bootstrap.onlineKeyUri),
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
  if (update.onlineKeyId) input.onlineKey = onlineChoice(update.onlineKeyId, update.onlineKeyName, update.onlineKeyUri);
  return input;
}

export function createCeremonyStore(api: SignerApi) {
  return createStore<CeremonyState>()((set, get) => {
    const input = () => {
      const s = get();
      return toCeremonyInput(s.mode ?? 'bootstrap', s.bootstrap, s.update);
    };
    const messagesOf = (step: number, ctx: StepContext) => {
      const s = get();
      return stepMessages(s.mode ?? 'bootstrap', step, s.bootstrap, s.update, ctx);
    };
    /**
     * Before anything goes to main: the first step whose answers break a rule is opened with its
     * problems shown, so main never sees answers its contract would refuse (no developer errors).
     */
    const readyForMain = (ctx: StepContext | undefined): CeremonyInput | null => {
      const s = get();
      if (ctx) {
        for (let step = 0; step < s.step; step += 1) {
          if (!stepIsValid(s.mode ?? 'bootstrap', step, s.bootstrap, s.update, ctx)) {
            set((st) => ({ step, attempted: [...new Set([...st.attempted, step])], refusals: st.refusals + 1 }));
            return null;
          }
        }
      }
      const parsed = CeremonyInputSchema.safeParse(input());
      if (!parsed.success) {
        set({ error: { code: 'CEREMONY_INVALID', message: `an answer is incomplete (${parsed.error.issues[0]?.path.join('.') ?? 'unknown field'}): go back and fill it in` } });
        return null;
      }
      return parsed.data;
    };
    return {
      mode: null,
      step: 0,
      bootstrap: initialBootstrap(),
      update: initialUpdate(),
      validation: null,
      current: null,
      attempted: [],
      refusals: 0,
      busy: false,
      error: null,
      answers: {},
      editing: null,
      start: (mode) => set({ mode, step: 0, validation: null, current: null, attempted: [], error: null, editing: null, bootstrap: initialBootstrap(), update: initialUpdate() }),
      changeAnswers: (itemId, step = 0) => {
        const kept = get().answers[itemId];
        if (!kept) return false;
        const steps = kept.mode === 'bootstrap' ? BOOTSTRAP_STEPS : UPDATE_STEPS;
        // Nothing from the check made for the old item is kept: the answers are checked again.
        set({ mode: kept.mode, step: Math.min(Math.max(0, step), steps.length - 1), bootstrap: kept.bootstrap, update: kept.update, editing: itemId, validation: null, current: null, attempted: [], error: null });
        return true;
      },
      // The old item keeps its answers: cancelling a change leaves it as it was.
      cancel: () => set({ mode: null, step: 0, validation: null, current: null, attempted: [], error: null, editing: null }),
      goToStep: (step) => set({ step, error: null }),
      next: (ctx) => {
        const s = get();
        if (!stepIsValid(s.mode ?? 'bootstrap', s.step, s.bootstrap, s.update, ctx)) {
          set((st) => ({ attempted: [...new Set([...st.attempted, st.step])], refusals: st.refusals + 1 }));
          return false;
        }
        set((st) => ({ step: st.step + 1, error: null }));
        return true;
      },
      messagesAt: (field, ctx) => {
        const s = get();
        const own = s.attempted.includes(s.step) ? messagesOf(s.step, ctx) : [];
        const fromMain = s.validation?.messages ?? [];
        const seen = new Set<string>();
        return [...own, ...fromMain].filter((m) => {
          const belongs = m.field === field || m.field.startsWith(`${field}.`) || m.field.startsWith(`${field}[`);
          const key = `${m.field} ${m.message}`;
          if (!belongs || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      },
      stepValid: (step, ctx) => {
        const s = get();
        for (let i = 0; i < step; i += 1) if (!stepIsValid(s.mode ?? 'bootstrap', i, s.bootstrap, s.update, ctx)) return false;
        return true;
      },
      setBootstrap: (patch) =>
        set((s) => {
          const bootstrap = { ...s.bootstrap, ...patch };
          if (patch.rootThreshold !== undefined) bootstrap.thresholdChosen = true;
          else if (patch.rootKeys && !bootstrap.thresholdChosen) bootstrap.rootThreshold = suggestedThreshold(bootstrap.rootKeys.length);
          return { bootstrap, validation: null };
        }),
      setUpdate: (patch) => set((s) => ({ update: { ...s.update, ...patch }, validation: null, ...(patch.base !== undefined ? { current: null } : {}) })),
      validate: async (ctx) => {
        const checked = readyForMain(ctx);
        if (!checked) return null;
        set({ busy: true, error: null });
        const outcome = await call(() => api.ceremonyValidate(checked));
        set({ busy: false });
        if (outcome.kind === 'ok') {
          set({ validation: outcome.value, ...(outcome.value.current.length ? { current: outcome.value.current } : {}) });
          return outcome.value;
        }
        if (outcome.kind === 'error') set({ error: outcome.error });
        return null;
      },
      create: async (ctx) => {
        const checked = readyForMain(ctx);
        if (!checked) return null;
        set({ busy: true, error: null });
        const outcome = await call(() => api.ceremonyCreate(checked));
        set({ busy: false });
        if (outcome.kind === 'ok') {
          const item = outcome.value;
          set((s) => {
            // The old item's answers stay until it is closed (forget, on Home's close).
            const answers = { ...s.answers, [item.id]: { mode: s.mode ?? 'bootstrap', bootstrap: s.bootstrap, update: s.update } };
            return { mode: null, step: 0, validation: null, current: null, attempted: [], editing: null, answers };
          });
          return item;
        }
        if (outcome.kind === 'error') set({ error: outcome.error });
        return null;
      },
      forget: (itemId) =>
        set((s) => {
          if (!(itemId in s.answers)) return s;
          const answers = { ...s.answers };
          delete answers[itemId];
          return { answers };
        }),
    };
  });
}

export type CeremonyStore = ReturnType<typeof createCeremonyStore>;

/** Validation messages that belong to an input (field "root.threshold" belongs to "root.threshold" and "root"). */
export function messagesFor(validation: CeremonyValidation | null, field: string): CeremonyValidation['messages'] {
  if (!validation) return [];
  return validation.messages.filter((m) => m.field === field || m.field.startsWith(`${field}.`) || m.field.startsWith(`${field}[`));
}
