// E2E harness: the BUILT renderer (out/renderer, from scripts/build-renderer.mjs) in Debian
// Chromium via playwright-core, wired to the REAL dispatcher and app services over a temp app
// data dir. window.signer is installed before the app loads, mirroring the Electron preload (one
// method per channel, subscribe methods that pass payloads only). Dialogs are a scripted double:
//   harness.dialogs.nextOpen = '/path/to/file';  harness.dialogs.nextFolder = dir;  nextSave = path
// Every request that does not go to the harness's own 127.0.0.1 server is blocked AND recorded in
// harness.externalRequests, so tests can assert the app made none. Console errors and CSP
// violations are recorded in harness.consoleErrors.
//
// Usage:
//   const h = await launchHarness();          // throws with a clear message if Chromium or the build is missing
//   await h.page.goto(h.url);
//   ... await h.close();
// Suites call chromiumAvailable() first (test/helpers/system-deps.ts: skip locally, FAIL under CI=true).

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHANNELS, EVENT_METHODS, type EventPayloads } from '../../shared/ipc/channels.js';
import { ScriptedDialogs } from '../helpers/scripted-dialogs.js';
import { createAppServices, type AppServicesOptions } from '../../main/services/services.js';
import { createDispatcher, type Dispatcher } from '../../main/services/dispatcher.js';
import { startShellServer, type ShellServer } from '../../main/shells/browser/server.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { fileExists, requireSystemDependency } from '../helpers/system-deps.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-features=Translate,OptimizationHints,MediaRouter'];

/** True when Chromium is installed; locally false (suite skips with a reason), under CI=true it throws. */
export function chromiumAvailable(): boolean {
  return requireSystemDependency('Chromium', fileExists(CHROMIUM_PATH), 'apt-get install chromium');
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

export interface HarnessOptions {
  /** Extra options for the app services (tokens, clock, ...). dataDir defaults to a fresh temp dir. */
  services?: Partial<AppServicesOptions>;
  viewport?: { width: number; height: number };
  /** Chromium switches added to CHROMIUM_ARGS (e.g. a fake camera: --use-file-for-fake-video-capture=F.y4m). */
  chromiumArgs?: string[];
}

export interface Harness {
  page: Page;
  context: BrowserContext;
  /** The page to open: the harness server's index.html. */
  url: string;
  origin: string;
  dialogs: ScriptedDialogs;
  services: ReturnType<typeof createAppServices>;
  dispatcher: Dispatcher;
  /** Temp folder of this run (app data in ./data); write test files under it. */
  workDir: string;
  /** Every request that did not go to the harness server (blocked). */
  externalRequests: string[];
  /** console.error messages, page errors and CSP violations. */
  consoleErrors: string[];
  /** Events main emitted (also delivered to the page). */
  events: { event: keyof EventPayloads; payload: unknown }[];
  /** Every IPC call the page made (channel only; arguments may hold passphrases). */
  calls: string[];
  close(): Promise<void>;
}

export async function launchHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install chromium)`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`the renderer is not built: ${RENDERER_DIR}/index.html is missing (run node scripts/build-renderer.mjs)`);

  const workDir = mkdtempSync(join(tmpdir(), 'rstuf-e2e-'));
  const profileDir = join(workDir, 'chromium-profile');
  mkdirSync(profileDir);
  const dialogs = new ScriptedDialogs();
  const events: Harness['events'] = [];
  const calls: string[] = [];
  let page: Page | undefined;
  const pendingDeliveries: Promise<unknown>[] = [];

  const services = createAppServices({
    dataDir: join(workDir, 'data'),
    dialogs,
    shell: 'test',
    events: (event, payload) => {
      events.push({ event, payload });
      if (page) pendingDeliveries.push(page.evaluate(([e, p]) => (window as any).__signerDeliver?.(e, p), [event, payload] as const).catch(() => undefined));
    },
    ...options.services,
  });
  const dispatcher = createDispatcher(services);
  let server: ShellServer | undefined;
  let context: BrowserContext | undefined;
  try {
    server = await startShellServer({ rendererDir: RENDERER_DIR });
    const origin = server.origin;
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])],
      viewport: options.viewport ?? { width: 1280, height: 900 },
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    const externalRequests: string[] = [];
    const consoleErrors: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (sameOrigin(url, origin)) return route.continue();
      externalRequests.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !externalRequests.includes(url)) externalRequests.push(url);
    });

    // The bridge: same shape as main/shells/electron/preload.ts, generated from the contract.
    await context.exposeFunction('__signerInvoke', (channel: unknown, arg: unknown) => {
      calls.push(String(channel));
      return dispatcher.handle(channel, arg);
    });
    await context.addInitScript(
      ({ methods, eventMethods }) => {
        const invoke = (window as any).__signerInvoke as (c: string, a: unknown) => Promise<unknown>;
        const listeners: Record<string, Set<(p: unknown) => void>> = {};
        for (const event of Object.values(eventMethods)) listeners[event] = new Set();
        Object.defineProperty(window, '__signerDeliver', {
          value: (event: string, payload: unknown) => {
            for (const l of listeners[event] ?? []) l(payload);
          },
        });
        const api: Record<string, unknown> = {};
        for (const [method, channel] of Object.entries(methods)) api[method] = (arg?: unknown) => invoke(channel, arg);
        for (const [method, event] of Object.entries(eventMethods)) {
          api[method] = (listener: (p: unknown) => void) => {
            if (typeof listener !== 'function') throw new TypeError(`${method} needs a function`);
            listeners[event]!.add(listener);
            return () => listeners[event]!.delete(listener);
          };
        }
        Object.defineProperty(window, 'signer', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
      },
      { methods: CHANNELS, eventMethods: EVENT_METHODS },
    );

    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));

    const opened = server;
    const ctx = context;
    return {
      page,
      context,
      url: `${origin}/index.html`,
      origin,
      dialogs,
      services,
      dispatcher,
      workDir,
      externalRequests,
      consoleErrors,
      events,
      calls,
      async close() {
        await Promise.allSettled(pendingDeliveries);
        await ctx.close().catch(() => undefined);
        await opened.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}
