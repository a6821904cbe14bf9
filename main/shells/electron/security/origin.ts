// The app's own origin and the checks that compare against it. URLs are parsed with new URL() and
// compared by exact protocol and host, never by startsWith/includes on the raw string
// ("app://signer.evil", "app://signer@evil" and "app://evil/app://signer" must all fail).

export const APP_SCHEME = 'app';
export const APP_HOST = 'signer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 4096) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Is `value` a URL on the app's own origin (app://signer/...), with no credentials or port? */
export function isAppUrl(value: unknown): boolean {
  const url = parseUrl(value);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.host === APP_HOST && url.username === '' && url.password === '';
}
