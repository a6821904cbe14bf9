// Hardware tokens for the app: list the tokens of every PKCS#11 module found on this machine
// (main/core/tokens does the PKCS#11 work) under opaque references, open a signer for one key with a
// PIN given once, and turn "waiting for touch" into a progress event the renderer shows.

import { SignerError } from '../../shared/errors.js';
import type { TokenInfo, TokenList } from '../../shared/ipc/schemas.js';
import { computeKeyId } from '../core/tuf/tuf-keys.js';
import type { AsyncSigner } from '../core/signers/signer.js';
import { discoverModules, type ModuleCandidate } from '../core/tokens/discovery.js';
import { createPkcs11Signer } from '../core/signers/pkcs11-signer.js';
import { listKeys, listTokens, tokenLabelOf, type TokenKey, type TokenSummary } from '../core/tokens/token-list.js';
import { tokenHealth } from '../core/tokens/health.js';
import type { Pkcs11Factory } from '../core/tokens/pkcs11-module.js';
import type { SecurityKeyEvent } from '../core/tokens/hid-watch.js';
import type { EventSink } from './events.js';
import { mintId } from './ids.js';
import type { ProgressContext } from './workspace.js';
import type { TufKey } from '../../shared/tuf/types.js';

export interface OpenedTokenSigner {
  signer: AsyncSigner;
  serial: string;
  label: string;
}

export interface TokenService {
  list(): Promise<TokenList>;
  /** The PIN's bytes are owned by the signer from here on (zeroed after use or on failure). */
  openSigner(tokenRef: string, tokenKeyRef: string, pin: string | Buffer, progress: ProgressContext): Promise<OpenedTokenSigner>;
  /** How the token is named to the holder (for main's own PIN prompt), before it is opened. */
  tokenLabel(tokenRef: string): string;
  /** A listed token key's public key, for the app's key list (ceremonies); no PIN needed. */
  publicKeyOf(tokenRef: string, tokenKeyRef: string): { key: TufKey; keyName: string; tokenName: string };
}

interface KnownToken {
  modulePath: string;
  serial: string;
  displayName: string;
  /** The token's own label, without the serial (KeySource.label). */
  label: string;
}

interface KnownKey {
  tokenRef: string;
  id: string;
  /** The key's public half as the token showed it (undefined when the token keeps none). */
  publicKey: TufKey | undefined;
  displayName: string;
}

export interface TokenServiceOptions {
  /** PKCS#11 modules to use (default: the ones discovered on this machine). */
  modules?: () => ModuleCandidate[];
  pkcs11Factory?: Pkcs11Factory;
}

export function createTokenService(options: TokenServiceOptions = {}): TokenService {
  const modules = options.modules ?? (() => discoverModules());
  const factory = options.pkcs11Factory ? { pkcs11Factory: options.pkcs11Factory } : {};
  // Stable refs for the same token/key across listings, so a list refresh does not invalidate a choice.
  const tokenRefs = new Map<string, string>();
  const tokens = new Map<string, KnownToken>();
  const keyRefs = new Map<string, string>();
  const keys = new Map<string, KnownKey>();

  const tokenRefFor = (modulePath: string, t: TokenSummary): string => {
    const k = `${modulePath}\u0000${t.serial}`;
    let ref = tokenRefs.get(k);
    if (!ref) {
      ref = mintId('token');
      tokenRefs.set(k, ref);
    }
    tokens.set(ref, { modulePath, serial: t.serial, displayName: t.displayName, label: tokenLabelOf(t) });
    return ref;
  };
  const keyRefFor = (tokenRef: string, key: TokenKey): string => {
    const k = `${tokenRef}\u0000${key.id}`;
    let ref = keyRefs.get(k);
    if (!ref) {
      ref = mintId('tokenkey');
      keyRefs.set(k, ref);
    }
    keys.set(ref, { tokenRef, id: key.id, publicKey: key.publicKey, displayName: key.displayName });
    return ref;
  };

  return {
    async list() {
      const present = modules().filter((m) => m.present);
      if (present.length === 0) {
        return { available: false, message: 'No PKCS#11 module is installed on this computer; install ykcs11 (YubiKey) or OpenSC to sign with a hardware token.', tokens: [] };
      }
      const out: TokenInfo[] = [];
      const problems: string[] = [];
      for (const m of present) {
        let found: TokenSummary[];
        try {
          found = await listTokens(m.path, factory);
        } catch (error) {
          // The module's name, not its path: this list goes to the renderer.
          problems.push(`${m.name}: ${error instanceof SignerError ? error.message : 'could not be loaded'}`);
          continue;
        }
        for (const t of found) {
          const tokenRef = tokenRefFor(m.path, t);
          let tokenKeys: TokenKey[] = [];
          try {
            tokenKeys = await listKeys(m.path, t.serial, factory);
          } catch (error) {
            problems.push(`${t.displayName}: ${error instanceof SignerError ? error.message : 'its keys could not be read'}`);
          }
          out.push({
            tokenRef,
            label: tokenLabelOf(t),
            serial: t.serial,
            manufacturer: t.manufacturer,
            model: t.model,
            keys: tokenKeys.map((k) => ({ tokenKeyRef: keyRefFor(tokenRef, k), label: k.displayName, keyid: k.publicKey ? computeKeyId(k.publicKey) : null, scheme: k.publicKey?.scheme ?? null })),
            health: healthOf(t, tokenKeys),
          });
        }
      }
      return { available: true, message: problems.length > 0 ? problems.join(' ') : null, tokens: out };
    },

    async openSigner(tokenRef, tokenKeyRef, pin, progress) {
      const token = tokens.get(tokenRef);
      const key = keys.get(tokenKeyRef);
      if (!token || !key || key.tokenRef !== tokenRef) throw new SignerError('TOKEN_NOT_FOUND', 'that token or key is no longer listed; refresh the token list and choose it again');
      const pinBuffer = typeof pin === 'string' ? Buffer.from(pin, 'utf8') : pin;
      progress.emit('signer:event.progress', { operationId: progress.operationId, task: 'token', phase: 'start', message: `Opening ${token.displayName}`, completed: null, total: null });
      let signer: AsyncSigner;
      try {
        signer = await createPkcs11Signer({
          modulePath: token.modulePath,
          token: token.serial,
          keyId: key.id,
          pin: pinBuffer,
          onWaitingForTouch: (notice) =>
            progress.emit('signer:event.progress', { operationId: progress.operationId, task: 'token', phase: 'touch', message: `Touch your key now (${notice.token}, ${notice.key})`, completed: null, total: null }),
          ...factory,
        });
      } catch (error) {
        // The signer zeroes the PIN after use or on dispose; when there is no signer, it is done here.
        pinBuffer.fill(0);
        throw error;
      }
      return { signer, serial: token.serial, label: token.label };
    },

    publicKeyOf(tokenRef, tokenKeyRef) {
      const token = tokens.get(tokenRef);
      const key = keys.get(tokenKeyRef);
      if (!token || !key || key.tokenRef !== tokenRef) throw new SignerError('TOKEN_NOT_FOUND', 'that token or key is no longer listed; refresh the token list and choose it again');
      if (!key.publicKey) throw new SignerError('KEY_UNREADABLE', `${key.displayName} on ${token.displayName} shows no public key or certificate to read; import its public key from a file instead`);
      return { key: key.publicKey, keyName: key.displayName, tokenName: token.label };
    },

    tokenLabel(tokenRef) {
      const token = tokens.get(tokenRef);
      if (!token) throw new SignerError('TOKEN_NOT_FOUND', 'that token is no longer listed; refresh the token list and choose it again');
      return token.displayName;
    },
  };
}

/** Plug/unplug events for the renderer (the token list is re-read on each). */
export function devicesEventFrom(event: SecurityKeyEvent, emit: EventSink): void {
  if (event.type === 'plugged') emit('signer:event.devices', { change: 'attached', description: event.key.name });
  else if (event.type === 'unplugged') emit('signer:event.devices', { change: 'detached', description: event.key.name });
}

/** What the token list shows of a token's health: the summary and each note in words. */
function healthOf(token: TokenSummary, keys: TokenKey[]): NonNullable<TokenInfo['health']> {
  const h = tokenHealth(token, keys);
  return { known: h.known, summary: h.summary, notes: h.notes.map((n) => ({ level: n.level, message: n.message })) };
}
