// What every service shares: the data folder's paths, the dialogs, the event sink, the clock, the
// workspace, the key list, the trust store and the audit log (made once by createAppServices).
import type { AuditLog } from './audit-log.js';
import type { Dialogs } from './dialogs.js';
import type { EventSink } from './events.js';
import type { Keyring } from './keyring.js';
import type { AppPaths } from '../core/platform/data-dir.js';
import type { AppTrust } from './trust-store.js';
import type { Workspace } from './workspace.js';

export interface AppContext {
  paths: AppPaths;
  dialogs: Dialogs;
  events: EventSink;
  now: () => Date;
  workspace: Workspace;
  keyring: Keyring;
  trust: AppTrust;
  audit: AuditLog;
}
