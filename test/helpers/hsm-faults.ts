// A double at the PKCS#11 boundary: wraps the real pkcs11js object (talking to SoftHSM2) and makes
// chosen calls fail with the CKR_* a real token would return, thrown as pkcs11js's own Pkcs11Error.
// SoftHSM2 never locks a PIN, never loses its device and never waits for a touch; YubiKeys do.
import { createRequire } from 'node:module';
import type { Pkcs11Api } from '../../main/core/tokens/pkcs11-module.js';

const pkcs11js = createRequire(import.meta.url)('pkcs11js') as { Pkcs11Error: new (message: string, code: number, method: string) => Error };

export interface FaultPlan {
  /** Method name -> the CKR_* it fails with, optionally only after letting `after` calls through. */
  fail?: Partial<Record<keyof Pkcs11Api, { name: string; code: number; after?: number }>>;
  /** Bits OR'ed into C_GetTokenInfo().flags (CKF_USER_PIN_LOCKED, FINAL_TRY, ...). */
  extraTokenFlags?: number;
  /** Mechanisms left out of C_GetMechanismList, as on a token that lacks them. */
  hideMechanisms?: number[];
  /** Calls per method so far, across module loads (each CLI step loads the module anew). */
  calls?: Record<string, number>;
  /** Every PIN passed to C_Login, to check what reached the module. */
  logins?: (string | undefined)[];
}

export function pkcs11Error(name: string, code: number, method: string): Error {
  return new pkcs11js.Pkcs11Error(`${name}:${code}`, code, method);
}

export function withFaults(real: Pkcs11Api, plan: FaultPlan): Pkcs11Api {
  return new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = property as keyof Pkcs11Api;
      return (...args: unknown[]) => {
        const fault = plan.fail?.[method];
        plan.calls ??= {};
        const count = (plan.calls[method] ?? 0) + 1;
        plan.calls[method] = count;
        if (method === 'C_Login') plan.logins?.push(args[2] as string | undefined);
        if (fault && count > (fault.after ?? 0)) {
          const error = pkcs11Error(fault.name, fault.code, String(method));
          if (String(method).endsWith('Async')) return Promise.reject(error);
          throw error;
        }
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (method === 'C_GetMechanismList' && plan.hideMechanisms) {
          return (result as number[]).filter((m) => !plan.hideMechanisms?.includes(m));
        }
        if (method === 'C_GetTokenInfo' && plan.extraTokenFlags) {
          const info = result as { flags: number };
          return { ...info, flags: info.flags | plan.extraTokenFlags };
        }
        return result;
      };
    },
  });
}
