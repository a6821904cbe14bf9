// Hostile text on the Review screen (issue 13, item 2): a bootstrap root whose online key name ends
// in U+202E (RIGHT-TO-LEFT OVERRIDE), with an ESC and a zero-width space before it. Obeyed, the
// override would reverse the online key id and URI that follow the name; the app isolates every
// file-derived string and draws those characters as visible markers, and the review warns.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable } from './harness.js';

const ONLINE_KEYID = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
const HOSTILE_NAME = 'Online Key\u001b\u200b\u202e';

describe.runIf(chromiumAvailable())('desktop app: invisible and direction-changing characters', () => {
  const app = appSessions();

  it('shows a key name ending in U+202E as markers, keeps the key id and URI in order, and warns', async () => {
    const h = await app.start();
    const { page } = h;
    const payload = readFixtureJson(cliFixture('ceremony.json'));
    payload.metadata.root.signed.keys[ONLINE_KEYID]['x-rstuf-key-name'] = HOSTILE_NAME;
    payload.metadata.root.signatures = [];
    const file = join(h.workDir, 'hostile-ceremony.json');
    writeFileSync(file, JSON.stringify(payload));

    h.dialogs.nextOpen = file;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: hostile-ceremony.json' }).waitFor();
    const overview = page.getByTestId('root-overview');
    await overview.waitFor();

    // None of the three characters reaches the page as itself.
    const body = await page.evaluate(() => document.body.textContent ?? '');
    for (const c of ['\u202e', '\u001b', '\u200b']) expect(body.includes(c), `raw U+${c.charCodeAt(0).toString(16)} on the page`).toBe(false);

    // The online key line: the name with its three markers, then the id, then the URI, in that order.
    const line = overview.getByText(/^Online key:/);
    const markers = await line.locator('.hidden-char').allInnerTexts();
    expect(markers).toEqual(['\\u001b', '\\u200b', '\\u202e']);
    const text = await line.innerText();
    expect(text).toContain(`Online Key\\u001b\\u200b\\u202e ${ONLINE_KEYID.slice(0, 8)}`);
    expect(text.indexOf(ONLINE_KEYID.slice(0, 8))).toBeLessThan(text.indexOf(`fn:${ONLINE_KEYID}`));
    // Every file-derived part is isolated, so nothing from the name can reorder what follows it.
    const isolated = await line.locator('bdi').evaluateAll((els) => els.map((e) => getComputedStyle(e).unicodeBidi));
    expect(isolated.length).toBeGreaterThanOrEqual(3);
    expect(new Set(isolated)).toEqual(new Set(['isolate']));
    // Drawn in reading order: the key id comes before the URI on screen, on an earlier line or to its
    // left on the same line (a live U+202E would draw them right to left).
    const uri = (await line.locator('bdi', { hasText: `fn:${ONLINE_KEYID}` }).boundingBox())!;
    const id = (await line.locator('bdi', { hasText: new RegExp(`^${ONLINE_KEYID.slice(0, 8)}$`) }).boundingBox())!;
    expect(id.y + id.height <= uri.y || (Math.abs(id.y - uri.y) < 2 && id.x + id.width <= uri.x), `key id at ${JSON.stringify(id)}, URI at ${JSON.stringify(uri)}`).toBe(true);

    // The review says so, as a danger naming the field.
    const warnings = page.getByRole('region', { name: /^Warnings for root v1/ });
    const warning = warnings.getByRole('listitem').filter({ hasText: 'hidden-characters' });
    expect(await warning.count()).toBe(1);
    expect(await warning.innerText()).toMatch(/^Danger: The name of key 0d9d3d4b in root "Online Key\\u001b\\u200b\\u202e" holds invisible or direction-changing characters \(\\u001b, \\u200b, \\u202e\)/);
    await overview.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'review-hidden-characters');
    await expectAccessible(page, 'review of a name with hidden characters');
  });
});
