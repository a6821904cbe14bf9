// The only place that reads window.signer (the preload's contextBridge object in Electron, the
// browser shell's bridge, or the e2e harness's). Everything else receives the API as an argument,
// so stores and components are tested with a fake that implements the same SignerApi interface.
import type { SignerApi } from '../../../shared/ipc/channels.js';

declare global {
  interface Window {
    signer?: SignerApi;
  }
}

export function getSignerApi(): SignerApi {
  const api = window.signer;
  if (!api) {
    throw new Error('window.signer is missing: open the signer through the desktop app or `npm start`, not as a plain web page');
  }
  return api;
}
