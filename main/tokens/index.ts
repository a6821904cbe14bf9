// The hardware-token API the CLI and the desktop app (over IPC) call. Plain Node, no Electron.
//
//   discoverModules()                         PKCS#11 modules on this computer (+ user picks)
//   listTokens(modulePath)                    tokens with label, serial, model and PIN state
//   listKeys(modulePath, token)               keys on a token, with public keys
//   matchKeysToDocument(keys, doc, root?)     which token keys a document asks for
//   createPkcs11Signer({...})                 an AsyncSigner; PIN per signing, touch callback
//   watchSecurityKeys(onChange)               plug/unplug events from node-hid (detection only)

export { discoverModules, knownModulePaths, kindOf, moduleCandidate, type ModuleCandidate, type ModuleKind, type DiscoveryOptions } from './discovery.js';
export { listTokens, listKeys, pivSlotName, type TokenSummary, type TokenKey, type TokenKeyType, type PinState, type ListOptions } from './token-list.js';
export { matchKeysToDocument, wantedKeys, type KeyMatch, type WantedKey } from './match-keys.js';
export { createPkcs11Signer, Pkcs11Signer, derFromRawEcdsa, type Pkcs11SignerOptions, type PinRequest, type TouchNotice } from './pkcs11-signer.js';
export { watchSecurityKeys, securityKeysFrom, udevRuleFor, SECURITY_KEY_VENDORS, type SecurityKey, type SecurityKeyEvent, type SecurityKeyWatcher, type HidDeviceInfo } from './hid-watch.js';
export { describePinTries, tokenError } from './token-errors.js';
export type { Pkcs11Api, Pkcs11Factory } from './pkcs11-module.js';
