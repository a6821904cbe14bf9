// Home's word for each open item's role is the review's own reading of the engine's count
// (roleStanding): the reviews here come from the real services over the formats fixtures, so Home
// says "signed online by RSTUF's online key" for a role whose delegation lists no key ids, "waits
// for the online service" for a root whose only key left is a Sigstore key (it signs elsewhere),
// and "waiting for signatures" only while an offline key can still sign; the Review screen's badge
// says the same.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/src/App.js';
import { createAppStores, StoresProvider } from '../../renderer/src/stores/context.js';
import { CHANNELS } from '../../shared/ipc/channels.js';
import type { ReviewModel, WorkspaceItem } from '../../shared/ipc/schemas.js';
import { SIGNED_ONLINE, WAITS_FOR_ONLINE } from '../../shared/review/words.js';
import { ipcValue, makeTestApp } from '../helpers/desktop-app.js';
import { cliFixture, FIXTURE_PASSWORD, REPO_ROOT } from '../helpers/fixtures.js';
import { createFakeApi, okR } from './fake-api.js';

const FORMATS = join(REPO_ROOT, 'test/fixtures/formats');
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const app = makeTestApp();
afterEach(cleanup);
afterAll(() => app.cleanup());

async function open(name: string, json: unknown): Promise<WorkspaceItem> {
  const file = join(app.root, name);
  writeFileSync(file, JSON.stringify(json));
  app.dialogs.nextOpen = file;
  return ipcValue(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
}
const review = async (item: WorkspaceItem): Promise<ReviewModel> => ipcValue(await app.call(CHANNELS.reviewGet, { itemId: item.id }));

describe('Home: roles the online key signs, and roots left to Sigstore signers', () => {
  it('says signed online, waits for the online service, or waiting, from the review of each item', async () => {
    const formats = (name: string) => JSON.parse(readFileSync(join(FORMATS, name), 'utf8'));
    // fastapi: the trusted targets delegate it with no key ids.
    const pending = formats('sign-pending-formats.json');
    pending.data.metadata.fastapi = pending.data.metadata.advisories;
    delete pending.data.metadata.advisories;
    const online = await open('fastapi-pending.json', pending);
    // The ceremony's root: 2 of JimiHendrix and the Sigstore key alice@example.org once Janis's key is taken out.
    const ceremony = formats('ceremony-formats.json');
    const roleKeys = ceremony.metadata.root.signed.roles.root;
    roleKeys.keyids = roleKeys.keyids.filter((id: string) => !id.startsWith('50d7e110'));
    const sigstore = await open('sigstore-root.json', ceremony);
    const untouched = await open('ceremony-formats.json', formats('ceremony-formats.json'));

    app.dialogs.nextOpen = cliFixture('JH.ed25519');
    const key = ipcValue(await app.call(CHANNELS.keysChooseKeyFile));
    const signed = ipcValue(await app.call(CHANNELS.signWithKeyFile, { itemId: sigstore.id, reviewed: (await review(sigstore)).roles.map((r) => ({ role: r.role, sha256: r.sha256 })), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
    expect(signed.review.met).toBe(false);

    const reviews = new Map<string, ReviewModel>();
    for (const item of [online, sigstore, untouched]) reviews.set(item.id, await review(item));
    const api = createFakeApi();
    api.workspaceList.mockReturnValue(okR(ipcValue<WorkspaceItem[]>(await app.call(CHANNELS.workspaceList))));
    api.reviewGet.mockImplementation((req) => okR(reviews.get(req.itemId)!));
    render(
      <StoresProvider stores={createAppStores(api, 'home')}>
        <App />
      </StoresProvider>,
    );
    await settle();
    const badges: Record<string, string> = {};
    for (const name of ['fastapi-pending.json', 'sigstore-root.json', 'ceremony-formats.json']) {
      fireEvent.click(screen.getByRole('button', { name: `Review ${name}` }));
      await settle();
      badges[name] = screen.getAllByRole('heading', { level: 2 })[0]?.textContent ?? '';
      fireEvent.click(within(screen.getByRole('navigation', { name: 'Screens' })).getByRole('button', { name: /Home$/ }));
      await settle();
    }
    const row = (name: string) => screen.getAllByRole('row').find((r) => r.textContent?.includes(name))?.textContent ?? '';
    expect(row('fastapi-pending.json')).toContain(`fastapi v2${SIGNED_ONLINE}`);
    expect(row('sigstore-root.json')).toContain(`root v1${WAITS_FOR_ONLINE}`);
    expect(row('ceremony-formats.json')).toContain('root v1waiting for signatures');
    // The Review screen's badge is the same reading.
    expect(badges).toEqual({ 'fastapi-pending.json': `fastapi v2 ${SIGNED_ONLINE}`, 'sigstore-root.json': `root v1 ${WAITS_FOR_ONLINE}`, 'ceremony-formats.json': 'root v1 waiting for signatures' });
    expect(row('fastapi-pending.json')).not.toContain('waiting for signatures');
    expect(row('sigstore-root.json')).not.toContain('waiting for signatures');
  });
});
