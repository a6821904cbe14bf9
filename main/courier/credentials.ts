// Where the courier's request headers come from: -H on the command line (visible to every user
// in the process list, so a credential there draws a warning), --header-file FILE and the
// RSTUF_API_HEADERS environment variable (one `Name: value` per line, # comments).

import { readRegularFile } from '../core/platform/read-file.js';
import { decodeUtf8 } from '../core/tuf/load-document.js';
import { SignerError } from '../../shared/errors.js';
import { isCredentialHeader, parseHeaderArgs, RstufApiClient } from './rstuf-api.js';

/** A header file larger than this is not a header file. */
export const MAX_HEADER_FILE_BYTES = 64 * 1024;

export const HEADERS_ENV = 'RSTUF_API_HEADERS';

export interface CourierHeaders {
  headers: Record<string, string>;
  /** Every header from --header-file or RSTUF_API_HEADERS: treated as a credential whatever its name. */
  credentialHeaders: string[];
}

export interface HeaderSources {
  /** -H values. */
  args: string[];
  headerFile?: string;
  env?: NodeJS.ProcessEnv;
  warn: (text: string) => void;
}

/** `Name: value` lines; blank lines and lines starting with # are skipped. */
export function parseHeaderLines(text: string, source: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const colon = trimmed.indexOf(':');
    const name = colon > 0 ? trimmed.slice(0, colon).trim() : '';
    // The line itself is not quoted: it may hold a secret.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new SignerError('USAGE', `${source} line ${i + 1} is not a header; write one "Name: value" per line (# starts a comment)`);
    const value = trimmed.slice(colon + 1).trim();
    if ([...value].some((c) => (c.charCodeAt(0) < 0x20 && c !== '\t') || c.charCodeAt(0) === 0x7f)) throw new SignerError('USAGE', `${source} line ${i + 1}: the value of ${name} holds a control character`);
    headers[name] = value;
  });
  return headers;
}

function readHeaderFile(path: string, warn: (text: string) => void): string {
  const label = `--header-file ${path}`;
  const bytes = readRegularFile(path, {
    label,
    maxBytes: MAX_HEADER_FILE_BYTES,
    tooLarge: (size) => `${label} is ${size} bytes; a header file holds at most ${MAX_HEADER_FILE_BYTES} bytes`,
    inspect: (st) => {
      if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
        warn(`${label} can be read by ${(st.mode & 0o007) !== 0 ? 'every user on this machine' : 'its group'} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); it holds credentials: chmod 600 ${path}`);
      }
    },
  });
  return decodeUtf8(bytes, label);
}

/**
 * The headers for the API client, -H last (it overrides). Warns when -H carries a credential:
 * the command line of every process is readable by every user (/proc/PID/cmdline, ps).
 */
export function collectHeaders(sources: HeaderSources): CourierHeaders {
  const env = sources.env ?? process.env;
  const fromEnv = env[HEADERS_ENV] ? parseHeaderLines(env[HEADERS_ENV], HEADERS_ENV) : {};
  const fromFile = sources.headerFile !== undefined ? parseHeaderLines(readHeaderFile(sources.headerFile, sources.warn), `--header-file ${sources.headerFile}`) : {};
  const fromArgs = parseHeaderArgs(sources.args);
  const exposed = Object.keys(fromArgs).filter(isCredentialHeader);
  if (exposed.length > 0) {
    sources.warn(
      `-H ${exposed.join(', ')} puts the credential on the command line, where every user of this machine can read it (ps, /proc/PID/cmdline) and the shell history keeps it; ` +
        `use --header-file FILE (mode 600, one "Name: value" per line) or ${HEADERS_ENV} instead`,
    );
  }
  const headers: Record<string, string> = {};
  // Header names are case-insensitive: a later source replaces an earlier one of any spelling.
  for (const source of [fromEnv, fromFile, fromArgs]) {
    for (const [name, value] of Object.entries(source)) {
      for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      headers[name] = value;
    }
  }
  const credentialHeaders = Object.keys(headers).filter((n) => [fromEnv, fromFile].some((s) => Object.keys(s).some((k) => k.toLowerCase() === n.toLowerCase())));
  return { headers, credentialHeaders };
}

/** The header flags `pull` and `send` take, and their help paragraph. */
export const HEADER_FLAGS = { header: { type: 'string', short: 'H', multiple: true }, 'header-file': { type: 'string' } } as const;

export const HEADERS_HELP = `Headers (e.g. an Authorization header for a reverse proxy): --header-file F and the
${HEADERS_ENV} environment variable hold one "Name: value" per line (# starts a comment); keep
F at mode 600. -H adds one header on the command line, like RSTUF's CLI, but every user can read
it there (ps), so credentials belong in F. Credentials (every header from F or ${HEADERS_ENV},
and Authorization, Cookie, X-Api-Key, ... from -H) are refused over http:// unless URL is on
loopback (127.0.0.0/8, ::1, localhost).

Answers are read with a cap: 64 MiB for GET /api/v1/metadata/sign (a 100,000-artifact role is
~24 MB), 1 MiB for every other call; a larger answer is refused (API_ERROR) without being read
whole.`;

/** The API client for `--api URL` with the headers of HEADER_FLAGS, warnings to `warn`. */
export function apiClientFromFlags(api: string, flags: { header?: string[] | undefined; 'header-file'?: string | undefined }, warn: (text: string) => void): RstufApiClient {
  const { headers, credentialHeaders } = collectHeaders({
    args: flags.header ?? [],
    ...(flags['header-file'] !== undefined ? { headerFile: flags['header-file'] } : {}),
    warn,
  });
  return new RstufApiClient(api, { headers, credentialHeaders });
}
