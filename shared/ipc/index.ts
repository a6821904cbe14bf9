// The IPC contract in one import for the renderer and main.
export * from './channels.js';
export * from './result.js';
export * from './schemas.js';
export * from './contract.js';
