// Where PKCS#11 modules live on Linux, macOS and Windows: Yubico's ykcs11 (YubiKey PIV), OpenSC
// (Nitrokey, smart cards, YubiKey too) and SoftHSM2, plus any path the user picked.
// Peers look only in fixed Linux/macOS places and fail on Windows ("Failed to find libykcs11").

import { existsSync, realpathSync, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';

export type ModuleKind = 'ykcs11' | 'opensc' | 'softhsm2' | 'user';

export interface ModuleCandidate {
  path: string;
  kind: ModuleKind;
  /** "Yubico ykcs11 (YubiKey PIV)" */
  name: string;
  /** The file exists. */
  present: boolean;
}

export interface DiscoveryOptions {
  platform?: NodeJS.Platform;
  arch?: string;
  env?: Record<string, string | undefined>;
  /** Paths the user picked (file dialog, --module, settings); listed first. */
  userPaths?: string[];
  /** For tests: does this file exist? */
  isFile?: (path: string) => boolean;
  /** For tests: the file a path really names (links resolved). */
  realPath?: (path: string) => string;
}

const NAMES: Record<ModuleKind, string> = {
  ykcs11: 'Yubico ykcs11 (YubiKey PIV)',
  opensc: 'OpenSC (smart cards, Nitrokey, YubiKey)',
  softhsm2: 'SoftHSM2 (software token)',
  user: 'chosen module',
};

const LINUX_TRIPLETS: Record<string, string> = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', arm: 'arm-linux-gnueabihf', ia32: 'i386-linux-gnu' };

/** Candidate paths in the order we prefer them, per kind. */
export function knownModulePaths(platform: NodeJS.Platform, arch: string, env: Record<string, string | undefined>): { kind: ModuleKind; path: string }[] {
  const out: { kind: ModuleKind; path: string }[] = [];
  const add = (kind: ModuleKind, paths: string[]) => paths.forEach((path) => out.push({ kind, path }));
  if (platform === 'win32') {
    const programFiles = [env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'];
    const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
    add('ykcs11', programFiles.map((p) => win32.join(p, 'Yubico', 'Yubico PIV Tool', 'bin', 'libykcs11.dll')));
    add('opensc', [...programFiles.map((p) => win32.join(p, 'OpenSC Project', 'OpenSC', 'pkcs11', 'opensc-pkcs11.dll')), win32.join(systemRoot, 'System32', 'opensc-pkcs11.dll')]);
    add('softhsm2', ['C:\\SoftHSM2\\lib\\softhsm2-x64.dll', 'C:\\SoftHSM2\\lib\\softhsm2.dll', ...programFiles.map((p) => win32.join(p, 'SoftHSM2', 'lib', 'softhsm2-x64.dll'))]);
    return out;
  }
  if (platform === 'darwin') {
    const prefixes = ['/opt/homebrew/lib', '/usr/local/lib'];
    add('ykcs11', [...prefixes.map((p) => posix.join(p, 'libykcs11.dylib')), '/Applications/YubiKey Manager.app/Contents/MacOS/libykcs11.dylib']);
    add('opensc', ['/Library/OpenSC/lib/opensc-pkcs11.so', ...prefixes.map((p) => posix.join(p, 'opensc-pkcs11.so')), '/Library/OpenSC/lib/pkcs11/opensc-pkcs11.so']);
    add('softhsm2', prefixes.map((p) => posix.join(p, 'softhsm', 'libsofthsm2.so')));
    return out;
  }
  // Linux and the BSDs: Debian multiarch first, then Fedora/Arch/openSUSE and /usr/local.
  const triplet = LINUX_TRIPLETS[arch] ?? 'x86_64-linux-gnu';
  const libs = [`/usr/lib/${triplet}`, '/usr/lib64', '/usr/lib', '/usr/local/lib'];
  add('ykcs11', libs.flatMap((l) => [posix.join(l, 'libykcs11.so'), posix.join(l, 'libykcs11.so.2')]));
  add('opensc', libs.flatMap((l) => [posix.join(l, 'opensc-pkcs11.so'), posix.join(l, 'pkcs11', 'opensc-pkcs11.so')]));
  add('softhsm2', ['/usr/lib/softhsm/libsofthsm2.so', ...libs.flatMap((l) => [posix.join(l, 'softhsm', 'libsofthsm2.so'), posix.join(l, 'pkcs11', 'libsofthsm2.so')])]);
  return out;
}

/**
 * The modules present on this computer, one per kind (the first found), user picks first.
 * With `includeMissing`, every candidate path, so the UI can say where it looked.
 */
export function discoverModules(options: DiscoveryOptions & { includeMissing?: boolean } = {}): ModuleCandidate[] {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const env = options.env ?? process.env;
  const isFile = options.isFile ?? defaultIsFile;
  const realPath = options.realPath ?? defaultRealPath;
  const result: ModuleCandidate[] = [];
  // By the file each path really is: a module reached through a link (RSTUF_SIGNER_PKCS11_MODULE
  // pointing at a symlink of a module found here) is loaded once, so its tokens are listed once.
  const seen = new Set<string>();
  const firstSight = (path: string): boolean => {
    const real = realPath(path);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  for (const path of [...(options.userPaths ?? []), ...(env.RSTUF_SIGNER_PKCS11_MODULE ? [env.RSTUF_SIGNER_PKCS11_MODULE] : [])]) {
    if (!firstSight(path)) continue;
    result.push(moduleCandidate(path, isFile));
  }
  const foundKinds = new Set<ModuleKind>();
  for (const { kind, path } of knownModulePaths(platform, arch, env)) {
    if (!firstSight(path)) continue;
    const present = isFile(path);
    if (present && foundKinds.has(kind)) continue; // libykcs11.so and .so.2 are the same module
    if (!present && !options.includeMissing) continue;
    if (present) foundKinds.add(kind);
    result.push({ path, kind, name: NAMES[kind], present });
  }
  return result;
}

/** A module path the user picked, described like the discovered ones. */
export function moduleCandidate(path: string, isFile: (path: string) => boolean = defaultIsFile): ModuleCandidate {
  const kind = kindOf(path);
  return { path, kind, name: kind === 'user' ? NAMES.user : `${NAMES[kind]}, chosen`, present: isFile(path) };
}

/** The kind a user-picked path most likely is, from its file name. */
export function kindOf(path: string): ModuleKind {
  const file = path.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (file.includes('ykcs11')) return 'ykcs11';
  if (file.includes('opensc')) return 'opensc';
  if (file.includes('softhsm')) return 'softhsm2';
  return 'user';
}

function defaultRealPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function defaultIsFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
