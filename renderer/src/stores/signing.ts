// Who signs and how: a key file (+ passphrase) or a token key (+ PIN). Secrets are passed straight
// into the sign call and never kept in this store; after a signature the next holder starts fresh.
//
// Who is signing (method, key file, token) belongs to the holder at the laptop; everything about a
// signature (its phase, result, error, the role chosen) belongs to one workspace item and is kept
// per item id in `byItem`, so the Sign screen of one item never shows another item's result or
// error (issue 12), and going back to an item still shows its own.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { KeyFileChoice, ReviewedRole, SignResult } from '../../../shared/ipc/schemas.js';
import { call, newOperationId, type Outcome } from './operation.js';

export type SignMethod = 'file' | 'token';
export type SignPhase = 'idle' | 'signing' | 'done' | 'error';

export interface TokenChoice {
  tokenRef: string;
  tokenKeyRef: string;
}

/** One item's signing state. */
export interface ItemSigning {
  phase: SignPhase;
  /** Operation id of the signature in progress (progress events, "touch your key now"). */
  operationId: string | null;
  result: SignResult | null;
  error: IpcError | null;
  /** The pending role to sign when the key could sign several; null lets main decide. */
  role: string | null;
}

export const IDLE_SIGNING: ItemSigning = Object.freeze({ phase: 'idle', operationId: null, result: null, error: null, role: null });

export interface SigningState extends ItemSigning {
  method: SignMethod;
  keyFile: KeyFileChoice | null;
  token: TokenChoice | null;
  /** Per workspace item id: its phase, result, error and chosen role. Read it with signingFor(). */
  byItem: Record<string, ItemSigning>;
  /**
   * The item the flat ItemSigning fields (phase, result, error, operationId, role) mirror: the last
   * one a call named. They are a convenience for callers that just made that call; a screen shows
   * signingFor(state, item.id), which can never be another item's.
   */
  itemId: string | null;
  /** The holder's choice; clears the error shown on `itemId`'s Sign screen (default: the item last named). */
  setMethod(method: SignMethod, itemId?: string): void;
  /** Without an item id: the item last named. */
  setRole(role: string | null, itemId?: string): void;
  /** Main's dialog picks the key file; a failure is shown on `itemId`'s Sign screen (default: the item last named). */
  chooseKeyFile(itemId?: string): Promise<void>;
  chooseToken(choice: TokenChoice | null): void;
  /**
   * Who asks for passphrases and PINs (AppInfo.questions): `main` asks in its own window or terminal,
   * so the page shows no secret field and sends none; null until loadQuestions() has asked.
   */
  questions: 'main' | 'page' | null;
  /** Where main asks: in its own window (Electron) or on the terminal that started the browser shell. */
  asksWhere: string;
  loadQuestions(): Promise<void>;
  /** An empty secret is not sent (main asks for it, or the key file is not encrypted). */
  signWithKeyFile(itemId: string, passphrase: string): Promise<SignResult | null>;
  signWithToken(itemId: string, pin: string): Promise<SignResult | null>;
  /** Another key holder signs next on the same laptop: forget the key and every item's result. */
  nextHolder(): void;
  /** The item was closed: forget its state. */
  forget(itemId: string): void;
}

/** One item's signing state (idle if nothing happened for it yet). */
export const signingFor = (s: Pick<SigningState, 'byItem'>, itemId: string): ItemSigning => s.byItem[itemId] ?? IDLE_SIGNING;

/** The item whose signature is in progress, if any (one signature at a time). */
export const signingInProgress = (s: Pick<SigningState, 'byItem'>): string | null => Object.keys(s.byItem).find((id) => s.byItem[id]?.phase === 'signing') ?? null;

export interface SigningStoreOptions {
  /** Called after every verified signature (updates the review and the workspace item). */
  onSigned?: (result: SignResult) => void;
  /** The roles and hashes the holder confirmed for an item (review store); none means not confirmed. */
  reviewedFor?: (itemId: string) => ReviewedRole[] | undefined;
}

const NOT_REVIEWED: IpcError = { code: 'REVIEW_CHANGED', message: 'confirm “I have reviewed this” on the Review screen before signing' };
const BUSY: IpcError = { code: 'USAGE', message: 'another signature is in progress; wait for it to finish, then sign this one' };

const flatOf = (s: ItemSigning): ItemSigning => ({ phase: s.phase, operationId: s.operationId, result: s.result, error: s.error, role: s.role });

export function createSigningStore(api: SignerApi, options: SigningStoreOptions = {}) {
  return createStore<SigningState>()((set, get) => {
    /**
     * Changes one item's state (and the flat mirror, which now names that item). With no item
     * named yet at all, the change is kept in the flat fields, and the first item named starts
     * from them (a role or an error set before any item was named belongs to that item).
     */
    const patch = (itemId: string | undefined, change: Partial<ItemSigning>): void =>
      set((s) => {
        const target = itemId ?? s.itemId;
        if (target === null) return change;
        const before = s.byItem[target] ?? (s.itemId === null ? flatOf(s) : IDLE_SIGNING);
        const next = { ...before, ...change };
        return { byItem: { ...s.byItem, [target]: next }, itemId: target, ...next };
      });

    const finish = (itemId: string, operationId: string, outcome: Outcome<SignResult>): SignResult | null => {
      // The holder moved on meanwhile (next holder, item closed): the outcome no longer belongs on screen.
      const current = get().byItem[itemId]?.operationId === operationId;
      if (outcome.kind === 'ok') {
        if (current) patch(itemId, { phase: 'done', result: outcome.value, operationId: null, error: null });
        // The signature was made and verified whatever is on screen: the item and its review change.
        options.onSigned?.(outcome.value);
        return outcome.value;
      }
      if (current) patch(itemId, { phase: outcome.kind === 'error' ? 'error' : 'idle', error: outcome.kind === 'error' ? outcome.error : null, operationId: null });
      return null;
    };
    const reviewedArg = (itemId: string) => {
      const reviewed = options.reviewedFor?.(itemId);
      return reviewed && reviewed.length > 0 ? reviewed : null;
    };
    const roleArg = (itemId: string) => {
      const role = get().byItem[itemId]?.role;
      return role ? { role } : {};
    };
    /** Checks shared by both signing paths; null (with the error shown) when signing cannot start. */
    const start = <T>(itemId: string, chosen: T | null, missing: string): { chosen: T; reviewed: ReviewedRole[]; operationId: string } | null => {
      // Adopt the state set before any item was named (e.g. a role) before the checks below.
      patch(itemId, {});
      if (!chosen) {
        patch(itemId, { phase: 'error', error: { code: 'USAGE', message: missing } });
        return null;
      }
      const reviewed = reviewedArg(itemId);
      if (!reviewed) {
        patch(itemId, { phase: 'error', error: NOT_REVIEWED });
        return null;
      }
      if (signingInProgress(get()) !== null) {
        patch(itemId, { phase: 'error', error: BUSY });
        return null;
      }
      const operationId = newOperationId('sign');
      patch(itemId, { phase: 'signing', operationId, error: null, result: null });
      return { chosen, reviewed, operationId };
    };

    return {
      ...IDLE_SIGNING,
      method: 'file',
      keyFile: null,
      token: null,
      byItem: {},
      itemId: null,
      setMethod: (method, itemId) => {
        set({ method });
        patch(itemId, { error: null });
      },
      setRole: (role, itemId) => patch(itemId, { role }),
      chooseKeyFile: async (itemId) => {
        const target = itemId ?? get().itemId ?? undefined;
        patch(target, { error: null });
        const outcome = await call(() => api.keysChooseKeyFile());
        if (outcome.kind === 'ok') {
          set({ keyFile: outcome.value });
          // A new key: the form is ready again (but a signature in progress keeps its phase).
          if (target === undefined || signingFor(get(), target).phase !== 'signing') patch(target, { phase: 'idle', result: null });
        } else if (outcome.kind === 'error') patch(target, { error: outcome.error, phase: 'error' });
      },
      chooseToken: (choice) => set({ token: choice }),
      questions: null,
      asksWhere: "in the signer's own window",
      loadQuestions: async () => {
        if (get().questions !== null) return;
        const outcome = await call(() => api.appInfo());
        if (outcome.kind === 'ok') {
          set({ questions: outcome.value.questions, asksWhere: outcome.value.shell === 'browser' ? 'on the terminal where the signer was started' : "in the signer's own window" });
        }
      },
      signWithKeyFile: async (itemId, passphrase) => {
        const started = start(itemId, get().keyFile, 'choose the key file to sign with first');
        if (!started) return null;
        const { chosen: keyFile, reviewed, operationId } = started;
        return finish(
          itemId,
          operationId,
          await call(() =>
            api.signWithKeyFile({ itemId, reviewed, keyFileRef: keyFile.keyFileRef, operationId, ...roleArg(itemId), ...(passphrase ? { passphrase } : {}) }),
          ),
        );
      },
      signWithToken: async (itemId, pin) => {
        const started = start(itemId, get().token, 'choose the token key to sign with first');
        if (!started) return null;
        const { chosen: token, reviewed, operationId } = started;
        return finish(itemId, operationId, await call(() => api.signWithToken({ itemId, reviewed, tokenRef: token.tokenRef, tokenKeyRef: token.tokenKeyRef, operationId, ...roleArg(itemId), ...(pin ? { pin } : {}) })));
      },
      nextHolder: () => set({ ...IDLE_SIGNING, keyFile: null, token: null, byItem: {}, itemId: null }),
      forget: (itemId) =>
        set((s) => {
          if (!(itemId in s.byItem) && s.itemId !== itemId) return {};
          const { [itemId]: _gone, ...byItem } = s.byItem;
          return s.itemId === itemId ? { byItem, itemId: null, ...IDLE_SIGNING } : { byItem };
        }),
    };
  });
}

export type SigningStore = ReturnType<typeof createSigningStore>;
