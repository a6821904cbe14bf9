// RSTUF's sign response carries no trusted version of a delegated role, so the review first counts
// every artifact as new. The holder brings the role's current version (main's dialog); the app
// refuses one that the role's keys did not sign, and compares with one they did: the counts, the
// listed changes and the artifact browser then show what really changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSessions, expectAccessible, saveScreenshot } from '../helpers/app-e2e.js';
import { delegatedVersions } from '../helpers/delegated-versions.js';
import { chromiumAvailable } from './harness.js';

describe.runIf(chromiumAvailable())('desktop app: comparing a delegated role with its current version', () => {
  const app = appSessions();

  it('refuses a version its keys did not sign, then shows what changes against one they did', async () => {
    const h = await app.start();
    const { page } = h;
    const v = delegatedVersions(300);
    const dir = join(h.workDir, 'usb');
    mkdirSync(dir);
    writeFileSync(join(dir, 'production-pending.json'), JSON.stringify(v.pending));
    writeFileSync(join(dir, 'production-v1.json'), JSON.stringify(v.previous));
    writeFileSync(join(dir, 'production-v1-one-signature.json'), JSON.stringify(v.underSigned));

    h.dialogs.nextOpen = join(dir, 'production-pending.json');
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: production-pending.json' }).waitFor();
    const role = page.locator('section[data-role="production"]');
    const overview = role.getByTestId('artifact-overview');
    expect(await overview.innerText()).toContain('no trusted version to compare with');

    const compare = role.getByRole('button', { name: 'Compare with the current version of production…' });
    h.dialogs.nextOpen = join(dir, 'production-v1-one-signature.json');
    await compare.click();
    const refusal = role.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Cannot compare production with that file');
    expect(await refusal.innerText()).toContain("production-v1-one-signature.json (production v1) is not signed by enough of the keys delegated to production (1 of 2 valid)");
    expect(await overview.innerText()).toContain('no trusted version to compare with');

    h.dialogs.nextOpen = join(dir, 'production-v1.json');
    await compare.click();
    const { added, removed, modified, unchanged } = v.expected;
    await expect.poll(() => overview.innerText()).toContain(`${added} added, ${removed} removed, ${modified} modified, ${unchanged} unchanged since the trusted version.`);
    expect(await role.getByRole('alert').count()).toBe(0);
    expect(await compare.count()).toBe(0);
    expect(await page.getByText('production is compared with v1 from production-v1.json').count()).toBe(1);
    // Only the changes are listed, and the browser pages through them.
    const changes = await role.getByRole('list', { name: 'Changes in production' }).innerText();
    expect(changes).toContain('production/old/gone-1.tar.gz');
    await role.getByRole('button', { name: 'Browse the artifacts of production' }).click();
    const status = role.getByText(/^Page [\d,]+ of [\d,]+ \(/);
    await expect.poll(() => status.innerText()).toBe(`Page 1 of 1 (${added + removed + modified} artifacts)`);
    await role.getByRole('heading', { name: 'Artifacts' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('[data-testid="artifact-overview"]')?.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'review-compared', { fullPage: false });
    await expectAccessible(page, 'review compared with the current version');
  });
});
