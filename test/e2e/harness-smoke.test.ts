// Proves the e2e harness: the built renderer loads from 127.0.0.1 under the production CSP, and
// window.signer reaches the real dispatcher (a real import through the scripted dialog).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliFixture } from '../helpers/fixtures.js';
import { chromiumAvailable, launchHarness, type Harness } from './harness.js';

describe.runIf(chromiumAvailable())('e2e harness', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await launchHarness();
    await h.page.goto(h.url);
  });
  afterEach(async () => {
    await h.close();
  });

  it('serves the built renderer with the strict CSP and exposes exactly the contract on window.signer', async () => {
    const response = await h.page.request.get(h.url);
    expect(response.headers()['content-security-policy']).toContain("connect-src 'none'");
    const methods = await h.page.evaluate(() => Object.keys((window as any).signer).sort());
    expect(methods).toContain('workspaceImportWithDialog');
    expect(methods).toContain('onProgress');
    expect(await h.page.evaluate(() => typeof (window as any).require)).toBe('undefined');
  });

  it('calls the real dispatcher: imports a fixture through the scripted dialog', async () => {
    h.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
    const result = await h.page.evaluate(() => (window as any).signer.workspaceImportWithDialog({ pick: 'file' }));
    expect(result.ok).toBe(true);
    expect(result.value.kind).toBe('sign-pending');
    expect(result.value.roles).toEqual([{ role: 'root', type: 'root', version: 2, expires: '2025-12-31T23:59:59Z' }]);
    expect(h.calls.filter((c) => c === 'signer:workspace.importWithDialog')).toHaveLength(1);
    expect(h.dialogs.requests).toEqual([{ kind: 'openFile', title: 'Import an RSTUF file' }]);
  });

  it('rejects hostile arguments from the page with a code, not an exception', async () => {
    const result = await h.page.evaluate(() => (window as any).signer.workspaceImportWithDialog({ pick: 'file', path: '/etc/passwd' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_ARGUMENT' } });
  });

  it('blocks and records requests that leave 127.0.0.1', async () => {
    expect(h.externalRequests).toEqual([]);
    // The CSP stops fetch/img before any request; a top-level navigation is what CSP does not cover.
    await h.page.evaluate(() => {
      location.href = 'http://example.invalid/elsewhere';
    });
    await expect.poll(() => h.externalRequests).toContain('http://example.invalid/elsewhere');
  });
});
