// The Content Security Policy of every page the app shows (electron/security checklist #7; house
// style 5.5.3). The same string is the app:// response header and (minus frame-ancestors, which a
// meta tag cannot carry) renderer/index.html's meta tag; test/config asserts both.
// connect-src 'none': the renderer talks to main only through window.signer, never the network.

export const CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

export type CspDirectives = { [K in keyof typeof CSP_DIRECTIVES]: readonly string[] };

export function serializeCsp(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = serializeCsp(CSP_DIRECTIVES);

/** The policy a <meta> tag can carry (frame-ancestors is ignored there, so it is left out). */
export const META_CONTENT_SECURITY_POLICY = serializeCsp(Object.fromEntries(Object.entries(CSP_DIRECTIVES).filter(([k]) => k !== 'frame-ancestors')));

/**
 * Browser shell only: the page must reach its own 127.0.0.1 server for IPC (token-checked), so
 * connect-src allows 'self' and nothing else. Every other directive is unchanged.
 */
export const BROWSER_SHELL_CSP = serializeCsp({ ...CSP_DIRECTIVES, 'connect-src': ["'self'"] });
export const BROWSER_SHELL_META_CSP = serializeCsp(Object.fromEntries(Object.entries({ ...CSP_DIRECTIVES, 'connect-src': ["'self'"] }).filter(([k]) => k !== 'frame-ancestors')));
