// Where the app keeps its state: the one data folder it shares with the CLI (defaultDataDir, or the
// shell's --data-dir / RSTUF_SIGNER_DATA_DIR, or a temp dir in tests). The folder's location and
// layout are defined once, in main/platform/data-dir.ts (main/trust needs them too, and must not
// import main/app); this module re-exports them for the app's services and the shells.
export { appDataDir, appPaths, defaultDataDir, migrateLegacyTrustStore, type AppPaths } from '../platform/data-dir.js';
