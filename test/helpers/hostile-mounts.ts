// Small tmpfs mounts for fault tests: a read-only drive and a full disk, as real as they get.
// Mounting needs root (CI runs the suites as root). Without root, read-only falls back to chmod
// (which root would bypass, hence the mount), and disk full cannot be made: requireMounts() then
// fails under CI=true and skips locally (see system-deps.ts).
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { requireSystemDependency } from './system-deps.js';

export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

function canMount(): boolean {
  if (!IS_ROOT) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function requireMounts(): boolean {
  return requireSystemDependency('root with mount(8) for tmpfs fault mounts', canMount(), 'run the fault suites as root, as CI does');
}

const mounted: string[] = [];

export function mountTmpfs(dir: string, sizeBytes: number): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir]);
  mounted.push(dir);
}

/** Makes `dir` read-only: a read-only remount when it is our tmpfs, else chmod 0555. */
export function makeReadOnly(dir: string): void {
  if (mounted.includes(dir)) execFileSync('mount', ['-o', 'remount,ro', dir]);
  else chmodSync(dir, 0o555);
}

export function makeWritable(dir: string): void {
  if (mounted.includes(dir)) execFileSync('mount', ['-o', 'remount,rw', dir]);
  else chmodSync(dir, 0o755);
}

/** Fills the filesystem holding `dir` until fewer than `leaveBytes` remain; returns the filler path. */
export function fillDisk(dir: string, leaveBytes: number): string {
  const filler = `${dir}/filler.bin`;
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 0x55);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // Give back just under `leaveBytes` (whole pages), so small writes fit and big ones do not.
  ftruncateSync(fd, Math.max(0, written - Math.floor(leaveBytes / 4096) * 4096));
  closeSync(fd);
  return filler;
}

export function unmountAll(): void {
  for (const dir of mounted.splice(0).reverse()) {
    try {
      execFileSync('umount', [dir]);
    } catch {
      execFileSync('umount', ['-l', dir]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
