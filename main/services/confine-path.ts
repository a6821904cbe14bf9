// Maps a URL path onto a file inside one folder (the built renderer), refusing anything that could
// escape it: "..", encoded "%2e%2e", backslashes, NUL, drive letters, absolute paths and symlinks
// pointing outside. Used by the Electron app:// protocol and the browser shell's static server
// (path-traversal primitive otherwise: the renderer folder sits next to the app's code).

import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The relative path a URL pathname names inside the served folder ("index.html" for "/"), or null
 * when it is not a plain relative path. Pure (no file system access).
 */
export function relativeRequestPath(pathname: string): string | null {
  if (typeof pathname !== 'string' || !pathname.startsWith('/') || pathname.length > 1024) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (/[\p{Cc}\\]/u.test(decoded) || decoded.includes('//')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '..' || s === '.' || /^[A-Za-z]:$/.test(s))) return null;
  const rel = segments.filter((s) => s.length > 0).join('/');
  return rel === '' || decoded.endsWith('/') ? (rel === '' ? 'index.html' : `${rel}/index.html`) : rel;
}

/** The real file inside `root` a URL pathname names, or null (not found, a folder, or outside). */
export function confinePath(root: string, pathname: string): string | null {
  const rel = relativeRequestPath(pathname);
  if (rel === null) return null;
  const base = resolve(root);
  const candidate = resolve(join(base, rel));
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  if (!existsSync(candidate)) return null;
  const real = realpathSync(candidate);
  const realBase = realpathSync(base);
  if (!real.startsWith(realBase + sep)) return null;
  if (!statSync(real).isFile()) return null;
  return real;
}
