// Loading a PKCS#11 module (a .so/.dylib/.dll) once per process and sharing it.
//
// A module may be C_Initialize'd only once per process, so every caller (token list, key list, a
// signer waiting for a touch) shares one loaded instance per path and the last one out calls
// C_Finalize. The pkcs11js object is created by an injectable factory: tests put a double there to
// drive return values SoftHSM2 never produces (CKR_PIN_LOCKED, CKR_DEVICE_REMOVED, ...).

import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { CKF_OS_LOCKING_OK, CKR } from './pkcs11-constants.js';
import { pkcs11ErrorCode, tokenError } from './token-errors.js';

export type SlotHandle = Buffer;
export type SessionHandle = Buffer;
export type ObjectHandle = Buffer;

export interface Pkcs11TokenInfo {
  label: string;
  manufacturerID: string;
  model: string;
  serialNumber: string;
  flags: number;
  minPinLen: number;
  maxPinLen: number;
  firmwareVersion?: { major: number; minor: number };
}

export interface Pkcs11SlotInfo {
  slotDescription: string;
  manufacturerID: string;
  flags: number;
}

export interface Pkcs11Attribute {
  type: number;
  value?: number | boolean | string | Buffer | null;
}

export interface Pkcs11Mechanism {
  mechanism: number;
  parameter?: Buffer | { type: number; hashAlg: number; mgf: number; saltLen: number };
}

/** The part of pkcs11js's PKCS11 class this code uses; a test double implements just this. */
export interface Pkcs11Api {
  load(path: string): void;
  C_Initialize(options?: { flags?: number }): void;
  C_Finalize(): void;
  close(): void;
  C_GetInfo(): { manufacturerID: string; libraryDescription: string; libraryVersion: { major: number; minor: number } };
  C_GetSlotList(tokenPresent?: boolean): SlotHandle[];
  C_GetSlotInfo(slot: SlotHandle): Pkcs11SlotInfo;
  C_GetTokenInfo(slot: SlotHandle): Pkcs11TokenInfo;
  C_GetMechanismList(slot: SlotHandle): number[];
  C_OpenSession(slot: SlotHandle, flags: number): SessionHandle;
  C_CloseSession(session: SessionHandle): void;
  C_Login(session: SessionHandle, userType: number, pin?: string): void;
  C_Logout(session: SessionHandle): void;
  C_FindObjectsInit(session: SessionHandle, template: Pkcs11Attribute[]): void;
  C_FindObjects(session: SessionHandle, maxObjectCount: number): ObjectHandle[];
  C_FindObjectsFinal(session: SessionHandle): void;
  C_GetAttributeValue(session: SessionHandle, object: ObjectHandle, template: Pkcs11Attribute[]): Pkcs11Attribute[];
  C_SignInit(session: SessionHandle, mechanism: Pkcs11Mechanism, key: ObjectHandle): void;
  C_SignAsync(session: SessionHandle, data: Buffer, outData: Buffer): Promise<Buffer>;
}

export type Pkcs11Factory = () => Pkcs11Api;

/** The real thing: pkcs11js, loaded only when a module is opened (it is a native addon). */
export const defaultPkcs11Factory: Pkcs11Factory = () => {
  const require = createRequire(import.meta.url);
  const pkcs11js = require('pkcs11js') as { PKCS11: new () => Pkcs11Api };
  return new pkcs11js.PKCS11();
};

export interface LoadedModule {
  readonly path: string;
  readonly api: Pkcs11Api;
  /** "SoftHSM 2.6", "Yubico PIV Tool 2.5": who made the module, for messages. */
  readonly description: string;
  /** Drop this user's hold; the last one finalizes and unloads the module. */
  release(): void;
}

interface Entry {
  api: Pkcs11Api;
  description: string;
  users: number;
}

const loaded = new WeakMap<Pkcs11Factory, Map<string, Entry>>();

export function openModule(path: string, factory: Pkcs11Factory = defaultPkcs11Factory): LoadedModule {
  let byPath = loaded.get(factory);
  if (!byPath) {
    byPath = new Map();
    loaded.set(factory, byPath);
  }
  let entry = byPath.get(path);
  if (!entry) {
    entry = initialize(path, factory);
    byPath.set(path, entry);
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  return {
    path,
    api: held.api,
    description: held.description,
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      byPath.delete(path);
      try {
        held.api.C_Finalize();
        held.api.close();
      } catch {
        // Unloading after a device error can fail too; nothing the user could do about it.
      }
    },
  };
}

/** Runs `work` with the module loaded and always releases it. */
export async function withModule<T>(path: string, factory: Pkcs11Factory | undefined, work: (module: LoadedModule) => Promise<T> | T): Promise<T> {
  const module = openModule(path, factory);
  try {
    return await work(module);
  } finally {
    module.release();
  }
}

function initialize(path: string, factory: Pkcs11Factory): Entry {
  if (!existsSync(path)) {
    throw new SignerError(
      'TOKEN_MODULE_UNAVAILABLE',
      `the PKCS#11 module ${basename(path)} does not exist there; install the token's PKCS#11 library (YubiKey: yubico-piv-tool's libykcs11, smart cards and Nitrokey: OpenSC) or give the right path (rstuf-signer tokens lists the modules found on this computer)`,
      { file: path },
    );
  }
  if (!statSync(path).isFile()) {
    throw new SignerError('TOKEN_MODULE_UNAVAILABLE', `${basename(path)} is a folder, not a PKCS#11 module file; pick the library file inside it (for example libykcs11.so, opensc-pkcs11.so or libsofthsm2.so)`, { file: path });
  }
  let api: Pkcs11Api;
  try {
    api = factory();
  } catch (error) {
    throw new SignerError('TOKEN_MODULE_UNAVAILABLE', `PKCS#11 support (pkcs11js) could not be loaded in this build (${namesOnly(firstLine(error))}); reinstall rstuf-signer for this system`, { cause: error });
  }
  try {
    api.load(path);
  } catch (error) {
    throw new SignerError(
      'TOKEN_MODULE_UNAVAILABLE',
      // dlopen's text names the path it was given: said here by the file's name, the path goes in `file`.
      `cannot load ${basename(path)} as a PKCS#11 module (${namesOnly(firstLine(error))}); it must be a PKCS#11 library built for this system (${process.platform} ${process.arch}), for example libykcs11 or opensc-pkcs11`,
      { cause: error, file: path },
    );
  }
  try {
    api.C_Initialize({ flags: CKF_OS_LOCKING_OK });
  } catch (error) {
    if (pkcs11ErrorCode(error) !== CKR.CRYPTOKI_ALREADY_INITIALIZED) {
      try {
        api.close();
      } catch {
        // already failing; report the first error
      }
      throw tokenError(error, { stage: 'initialize', modulePath: path });
    }
  }
  let description = path;
  try {
    const info = api.C_GetInfo();
    description = `${info.libraryDescription.trim() || info.manufacturerID.trim()} ${info.libraryVersion.major}.${info.libraryVersion.minor}`;
  } catch {
    // The description is only for messages.
  }
  return { api, description, users: 0 };
}

/**
 * Node's and dlopen's words name files by absolute path (the addon's, the module's, the require
 * stack's): each is said by its file name, so no path of this laptop reaches a message.
 */
function namesOnly(text: string): string {
  return text.replace(/(?<=^|[\s'"(])(?:[A-Za-z]:)?[\\/][^\s'"`:;,()]+/g, (p) => basename(p.replace(/\\/g, '/')));
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}
