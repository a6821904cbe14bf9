// Who signs and how: a key file (+ passphrase) or a token key (+ PIN). Secrets are passed straight
// into the sign call and never kept in this store; after a signature the next holder starts fresh.
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

export interface SigningState {
  method: SignMethod;
  keyFile: KeyFileChoice | null;
  token: TokenChoice | null;
  /** The pending role to sign when the key could sign several; null lets main decide. */
  role: string | null;
  phase: SignPhase;
  /** Operation id of the signature in progress (progress events, "touch your key now"). */
  operationId: string | null;
  result: SignResult | null;
  error: IpcError | null;
  setMethod(method: SignMethod): void;
  setRole(role: string | null): void;
  chooseKeyFile(): Promise<void>;
  chooseToken(choice: TokenChoice | null): void;
  signWithKeyFile(itemId: string, passphrase: string): Promise<SignResult | null>;
  signWithToken(itemId: string, pin: string): Promise<SignResult | null>;
  /** Another key holder signs next on the same laptop: forget the key and the result. */
  nextHolder(): void;
}

export interface SigningStoreOptions {
  /** Called after every verified signature (updates the review and the workspace item). */
  onSigned?: (result: SignResult) => void;
  /** The roles and hashes the holder confirmed for an item (review store); none means not confirmed. */
  reviewedFor?: (itemId: string) => ReviewedRole[] | undefined;
}

const NOT_REVIEWED: IpcError = { code: 'REVIEW_CHANGED', message: 'confirm “I have reviewed this” on the Review screen before signing' };

export function createSigningStore(api: SignerApi, options: SigningStoreOptions = {}) {
  return createStore<SigningState>()((set, get) => {
    const finish = (outcome: Outcome<SignResult>): SignResult | null => {
      if (outcome.kind === 'ok') {
        set({ phase: 'done', result: outcome.value, operationId: null, error: null });
        options.onSigned?.(outcome.value);
        return outcome.value;
      }
      set({ phase: outcome.kind === 'error' ? 'error' : 'idle', error: outcome.kind === 'error' ? outcome.error : null, operationId: null });
      return null;
    };
    const reviewedArg = (itemId: string) => {
      const reviewed = options.reviewedFor?.(itemId);
      return reviewed && reviewed.length > 0 ? reviewed : null;
    };
    const roleArg = () => {
      const role = get().role;
      return role ? { role } : {};
    };
    /** Checks shared by both signing paths; null (with the error shown) when signing cannot start. */
    const start = <T>(itemId: string, chosen: T | null, missing: string): { chosen: T; reviewed: ReviewedRole[]; operationId: string } | null => {
      if (!chosen) {
        set({ phase: 'error', error: { code: 'USAGE', message: missing } });
        return null;
      }
      const reviewed = reviewedArg(itemId);
      if (!reviewed) {
        set({ phase: 'error', error: NOT_REVIEWED });
        return null;
      }
      const operationId = newOperationId('sign');
      set({ phase: 'signing', operationId, error: null, result: null });
      return { chosen, reviewed, operationId };
    };

    return {
      method: 'file',
      keyFile: null,
      token: null,
      role: null,
      phase: 'idle',
      operationId: null,
      result: null,
      error: null,
      setMethod: (method) => set({ method, error: null }),
      setRole: (role) => set({ role }),
      chooseKeyFile: async () => {
        set({ error: null });
        const outcome = await call(() => api.keysChooseKeyFile());
        if (outcome.kind === 'ok') set({ keyFile: outcome.value, phase: 'idle', result: null });
        else if (outcome.kind === 'error') set({ error: outcome.error, phase: 'error' });
      },
      chooseToken: (choice) => set({ token: choice, error: null }),
      signWithKeyFile: async (itemId, passphrase) => {
        const started = start(itemId, get().keyFile, 'choose the key file to sign with first');
        if (!started) return null;
        const { chosen: keyFile, reviewed, operationId } = started;
        return finish(
          await call(() =>
            api.signWithKeyFile({ itemId, reviewed, keyFileRef: keyFile.keyFileRef, operationId, ...roleArg(), ...(passphrase ? { passphrase } : {}) }),
          ),
        );
      },
      signWithToken: async (itemId, pin) => {
        const started = start(itemId, get().token, 'choose the token key to sign with first');
        if (!started) return null;
        const { chosen: token, reviewed, operationId } = started;
        return finish(await call(() => api.signWithToken({ itemId, reviewed, tokenRef: token.tokenRef, tokenKeyRef: token.tokenKeyRef, pin, operationId, ...roleArg() })));
      },
      nextHolder: () => set({ keyFile: null, token: null, phase: 'idle', result: null, error: null, operationId: null }),
    };
  });
}

export type SigningStore = ReturnType<typeof createSigningStore>;
