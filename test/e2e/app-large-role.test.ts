// A delegated targets role with 100,000 artifacts (the benchmark's seeded input) through the
// desktop app: the review counts its artifacts per path group, lists them 100 per page, the
// canonical JSON loads page by page, and signing works as for a small role.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { appSessions, expectAccessible, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable } from './harness.js';

interface TargetsCase {
  json: unknown;
  signer: { pem: string; name: string };
}
// Plain JS shared with `npm run bench` (same seed, same bytes); a non-literal specifier keeps tsc
// from asking for its types.
const GENERATOR = '../../scripts/bench/generate.mjs';
const { targetsCase } = (await import(GENERATOR)) as { targetsCase(c: typeof canonicalize, n?: number): TargetsCase };

const ARTIFACTS = 100_000;

describe.runIf(chromiumAvailable())('desktop app: a role with 100,000 artifacts', () => {
  const app = appSessions();

  it('reviews it in counts and pages, and signs it', async () => {
    const h = await app.start();
    const { page } = h;
    const generated = targetsCase(canonicalize, ARTIFACTS);
    const dir = join(h.workDir, 'big');
    mkdirSync(dir);
    writeFileSync(join(dir, 'production-pending.json'), JSON.stringify(generated.json));
    writeFileSync(join(dir, 'production-2.pem'), generated.signer.pem, { mode: 0o600 });

    h.dialogs.nextOpen = join(dir, 'production-pending.json');
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: production-pending.json' }).waitFor({ timeout: 60_000 });
    const role = page.locator('section[data-role="production"]');
    // The benchmark's role has no trusted version: the review says so and still counts its artifacts
    // per path group instead of listing 100,000 lines.
    const overview = role.getByTestId('artifact-overview');
    await overview.waitFor();
    expect(await overview.innerText()).toContain('100,000 artifacts in production v2.');
    expect(await overview.innerText()).toContain('no trusted version to compare with');
    expect(await overview.getByRole('row', { name: /^production\/ 100,000/ }).count()).toBe(1);
    expect(await role.innerText()).toContain('There is no trusted version of production to compare with');
    expect(await role.getByRole('list', { name: 'Signature progress' }).innerText()).toMatch(/1 of 2: .*production-1 ✓.*production-2 missing/);

    // The artifacts themselves, page by page (signer:review.artifacts): 100 per page, 1,000 pages.
    await role.getByRole('button', { name: 'Browse the artifacts of production' }).click();
    const status = role.getByText(/^Page [\d,]+ of [\d,]+ \(/);
    await expect.poll(() => status.innerText()).toBe('Page 1 of 1,000 (100,000 artifacts)');
    const table = role.getByRole('table', { name: /^Artifacts of production/ });
    expect(await table.locator('tbody tr').count()).toBe(100);
    const firstPage = await table.locator('tbody tr').first().innerText();
    expect(firstPage).toMatch(/^production\/\S+\.tar\.gz\s+new\s+[\d,]+ bytes, sha256 [0-9a-f]{12}$/);
    await role.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => status.innerText()).toBe('Page 2 of 1,000 (100,000 artifacts)');
    expect(await table.locator('tbody tr').first().innerText()).not.toBe(firstPage);
    await role.getByLabel('Kind').selectOption('removed');
    await expect.poll(() => status.innerText()).toBe('Page 1 of 1 (0 artifacts)');
    expect(await role.getByText('No artifact matches.').count()).toBe(1);
    await role.getByLabel('Kind').selectOption('');
    await expect.poll(() => status.innerText()).toBe('Page 1 of 1,000 (100,000 artifacts)');

    // Search by path (main filters all 100,000, then pages) and a page jump, by keyboard.
    const wanted = firstPage.split(/\s/)[0]!;
    const search = role.getByRole('searchbox', { name: 'Path contains' });
    await search.focus();
    await page.keyboard.type(wanted.slice('production/'.length));
    await page.keyboard.press('Enter');
    await expect.poll(() => status.innerText()).toMatch(/^Page 1 of 1 \(1 artifact whose path contains “/);
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr td').first().innerText()).toBe(wanted);
    await role.evaluate((el) => el.querySelector('[role="search"]')?.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'artifact-search', { fullPage: false });
    await role.getByRole('button', { name: 'Show all paths' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status.innerText()).toBe('Page 1 of 1,000 (100,000 artifacts)');
    const jump = role.getByRole('spinbutton', { name: 'Go to page' });
    await jump.focus();
    await page.keyboard.type('1001');
    await page.keyboard.press('Enter');
    await expect.poll(() => jump.getAttribute('aria-invalid')).toBe('true');
    expect(await role.getByText('Give a page number from 1 to 1,000.').count()).toBe(1);
    await jump.fill('');
    await jump.focus();
    await page.keyboard.type('500');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.innerText()).toBe('Page 500 of 1,000 (100,000 artifacts)');
    expect(await table.locator('tbody tr').first().innerText()).not.toBe(firstPage);
    await role.getByRole('heading', { name: 'Artifacts' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('[data-testid="artifact-overview"]')?.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'review-100k-artifacts', { fullPage: false });
    await expectAccessible(page, 'artifact list');
    await role.getByRole('button', { name: 'Hide the artifact list' }).click();

    await role.getByRole('button', { name: /Show the canonical JSON/ }).click();
    const pager = role.getByText(/^Showing [\d,]+ of [\d,]+ characters$/);
    await pager.waitFor();
    const total = canonicalize((generated.json as any).data.metadata.production.signed).length;
    expect(await pager.innerText()).toBe(`Showing 200,000 of ${total.toLocaleString('en')} characters`);
    await role.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => pager.innerText()).toBe(`Showing 400,000 of ${total.toLocaleString('en')} characters`);
    await role.getByRole('button', { name: 'Hide the canonical JSON' }).click();
    await expectAccessible(page, 'review of a 100,000-artifact role');

    await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
    await page.getByRole('button', { name: 'Continue to signing' }).click();
    h.dialogs.nextOpen = join(dir, 'production-2.pem');
    await page.getByRole('button', { name: 'Choose key file…' }).click();
    // An unencrypted key file needs no passphrase (and the screen says it is not encrypted).
    await expect.poll(() => page.getByTestId('key-file').innerText()).toContain('NOT encrypted');
    expect(await page.getByLabel('Passphrase').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    const result = page.getByRole('region', { name: 'Signed and verified' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getByRole('list', { name: 'Signature progress' }).innerText()).toMatch(/threshold met .*2 of 2/);
  });
});
