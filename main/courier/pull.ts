// `pull`: what RSTUF waits for offline keys to sign, into a bundle for the USB stick.

import { SignerError } from '../../shared/errors.js';
import type { JsonObject } from '../../shared/json/strict-json.js';
import { createBundle, DEFAULT_FILE_NAMES, type ImportedBundle } from '../core/exchange/bundle.js';
import { describeApiAnswer, ENDPOINTS, RstufApiClient } from './rstuf-api.js';

export interface PullOptions {
  api: RstufApiClient;
  outDir: string;
  now?: Date;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads GET /api/v1/bootstrap/ (recorded in the manifest) and GET /api/v1/metadata/sign (stored
 * byte for byte as metadata-sign.json) and writes them as a new sign-pending bundle.
 */
export async function pullBundle(options: PullOptions): Promise<ImportedBundle> {
  const { api } = options;
  const boot = await api.get(ENDPOINTS.bootstrap);
  const bootstrap = boot.status === 200 && isObject(boot.json) && isObject(boot.json.data) ? boot.json.data : undefined;
  const state = bootstrap ? describeBootstrap(bootstrap) : undefined;

  const pending = await api.get(ENDPOINTS.metadataSign);
  if (pending.status === 404) {
    throw new SignerError('API_ERROR', `RSTUF has no signing pending (${describeApiAnswer(pending)})${state ? `; bootstrap state: ${state}` : ''}. A new repository starts with a ceremony (bootstrap payload), not a pull`);
  }
  if (pending.status !== 200 || !isObject(pending.json)) {
    throw new SignerError('API_ERROR', `GET ${ENDPOINTS.metadataSign} failed: ${describeApiAnswer(pending)}`);
  }
  if (!isObject(pending.json.data) || !isObject(pending.json.data.metadata)) {
    const said = typeof pending.json.message === 'string' ? pending.json.message : 'no data';
    throw new SignerError('API_ERROR', `RSTUF has no metadata waiting for offline signatures (RSTUF said: "${said}"); nothing was written`);
  }
  const source = { api: api.base.href, ...(bootstrap ? { bootstrap } : {}) };
  return createBundle([{ name: DEFAULT_FILE_NAMES['sign-pending'], bytes: pending.bytes }], options.outDir, { source, ...(options.now ? { now: options.now } : {}) });
}

function describeBootstrap(data: JsonObject): string {
  if (data.bootstrap === false && (data.state === null || data.state === undefined)) return 'not bootstrapped yet';
  return `${String(data.state ?? (data.bootstrap ? 'finished' : 'none'))}${typeof data.id === 'string' ? ` (task ${data.id})` : ''}`;
}
