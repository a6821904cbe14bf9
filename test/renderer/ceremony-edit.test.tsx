// Changing a wizard's answers after Review (issue 16) and a custom role's own bins online key (issue
// 14, items 5-6), against a fake SignerApi: the answers an item was built from come back into the
// wizard, every one kept; building again replaces the item (main closes the old one, every store
// forgets its state); an item carrying signatures asks before they are dropped.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/src/App.js';
import { createAppStores, StoresProvider } from '../../renderer/src/stores/context.js';
import { newRole, toCeremonyInput } from '../../renderer/src/stores/ceremony.js';
import { stepMessages } from '../../renderer/src/stores/ceremony-steps.js';
import type { Screen } from '../../renderer/src/stores/navigation.js';
import { CeremonyInputSchema, type WorkspaceItem } from '../../shared/ipc/schemas.js';
import { createFakeApi, hex64, makeItem, makeReview, makeRole, okR, type FakeApi } from './fake-api.js';

afterEach(cleanup);

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

const OLD = makeItem({ id: `item-${'1'.repeat(32)}`, displayName: 'ceremony-payload.json', kind: 'bootstrap', kindLabel: 'RSTUF bootstrap (ceremony) payload', roles: [{ role: 'root', type: 'root', version: 1, expires: '2027-12-03T09:00:00Z' }] });
const NEW = { ...OLD, id: `item-${'2'.repeat(32)}`, fingerprint: hex64('e'), fingerprintShort: 'eeee eeee eeee eeee' };
const KEYS = [
  { keyid: hex64('a'), name: 'Janis', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'JJ.pub' },
  { keyid: hex64('b'), name: 'Jimi', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'JH.pub' },
  { keyid: hex64('c'), name: 'Online', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'online.pub' },
  { keyid: hex64('d'), name: 'Bins', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'bins.pub' },
];

/** A fake main whose workspace holds what ceremonyCreate added, minus what workspaceRemove closed. */
function workspaceApi(): FakeApi & { open: WorkspaceItem[] } {
  const api = createFakeApi() as FakeApi & { open: WorkspaceItem[] };
  api.open = [];
  const created = [OLD, NEW];
  api.keysList.mockReturnValue(okR(KEYS));
  api.ceremonyCreate.mockImplementation(() => {
    const item = created.shift()!;
    api.open.push(item);
    return okR(item);
  });
  api.workspaceList.mockImplementation(() => okR([...api.open]));
  api.workspaceRemove.mockImplementation((req) => {
    api.open = api.open.filter((i) => i.id !== req.itemId);
    return okR({});
  });
  api.reviewGet.mockImplementation((req) => okR(makeReview({ itemId: req.itemId, kind: 'bootstrap', roles: [makeRole({ version: 1, changes: [] })] })));
  return api;
}

async function renderApp(api: FakeApi, at: Screen) {
  const stores = createAppStores(api, at);
  render(
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>,
  );
  await settle();
  return stores;
}

/** Two root keys (threshold 2), the online key, hash bins: answered as the wizard's store takes them. */
function answerBootstrap(stores: ReturnType<typeof createAppStores>) {
  const c = stores.ceremony.getState();
  c.start('bootstrap');
  c.setBootstrap({ rootKeys: [{ keyid: hex64('a'), name: 'Janis' }, { keyid: hex64('b'), name: 'Jimi' }] });
  c.setBootstrap({ onlineKeyId: hex64('c'), onlineKeyName: 'Online', onlineKeyUri: `fn:${hex64('c')}` });
  c.setBootstrap({ expirationDays: { ...c.bootstrap.expirationDays, root: 400 } });
  c.goToStep(3);
}

describe('changing the answers of a payload a wizard built', () => {
  it('keeps every answer with the item built, brings them back, and moves them to the rebuilt item', async () => {
    const api = workspaceApi();
    const stores = createAppStores(api, 'ceremony');
    answerBootstrap(stores);
    const built = await stores.ceremony.getState().create();
    expect(built?.id).toBe(OLD.id);
    expect(stores.ceremony.getState().mode).toBeNull();
    expect(Object.keys(stores.ceremony.getState().answers)).toEqual([OLD.id]);

    // Not an item built here: nothing opens.
    expect(stores.ceremony.getState().changeAnswers(`item-${'9'.repeat(32)}`)).toBe(false);
    expect(stores.ceremony.getState().mode).toBeNull();

    expect(stores.ceremony.getState().changeAnswers(OLD.id)).toBe(true);
    let s = stores.ceremony.getState();
    expect(s).toMatchObject({ mode: 'bootstrap', step: 0, editing: OLD.id, validation: null, attempted: [] });
    expect(s.bootstrap.rootKeys.map((k) => k.name)).toEqual(['Janis', 'Jimi']);
    expect(s.bootstrap).toMatchObject({ rootThreshold: 2, onlineKeyId: hex64('c'), onlineKeyName: 'Online', delegationKind: 'bins', bins: 256 });
    expect(s.bootstrap.expirationDays.root).toBe(400);

    // Cancelled: the item keeps its answers for another try.
    s.cancel();
    expect(stores.ceremony.getState()).toMatchObject({ mode: null, editing: null });
    expect(Object.keys(stores.ceremony.getState().answers)).toEqual([OLD.id]);

    // Opened on a later step, the threshold lowered, built again.
    stores.ceremony.getState().changeAnswers(OLD.id, 2);
    expect(stores.ceremony.getState().step).toBe(2);
    stores.ceremony.getState().setBootstrap({ rootThreshold: 1 });
    stores.ceremony.getState().goToStep(3);
    const rebuilt = await stores.ceremony.getState().create();
    expect(rebuilt?.id).toBe(NEW.id);
    expect(api.ceremonyCreate).toHaveBeenLastCalledWith(expect.objectContaining({ rootThreshold: 1, expirationDays: expect.objectContaining({ root: 400 }) }));
    s = stores.ceremony.getState();
    expect(s).toMatchObject({ mode: null, editing: null });
    // The new item has the changed answers; the old one keeps its own until it is closed (so a close
    // that fails leaves it with "Change answers"), and closing it forgets them.
    expect(Object.keys(s.answers).sort()).toEqual([NEW.id, OLD.id].sort());
    expect(s.answers[NEW.id]!.bootstrap.rootThreshold).toBe(1);
    await stores.workspace.getState().refresh();
    await stores.workspace.getState().remove(OLD.id);
    expect(Object.keys(stores.ceremony.getState().answers)).toEqual([NEW.id]);
    // A new ceremony starts from nothing, not from the last answers.
    s.start('bootstrap');
    expect(stores.ceremony.getState()).toMatchObject({ editing: null, bootstrap: { rootKeys: [], onlineKeyId: '' } });
  });

  it('brings back an update wizard’s answers too, on the step asked for (within its steps)', async () => {
    const api = workspaceApi();
    const stores = createAppStores(api, 'ceremony');
    const c = stores.ceremony.getState();
    c.start('update');
    c.setUpdate({ rootThreshold: '3', rootExpirationDays: '180', addKeys: [{ keyid: hex64('d'), name: 'Bins' }], removeKeys: [hex64('a')] });
    c.goToStep(2);
    expect((await stores.ceremony.getState().create())?.id).toBe(OLD.id);
    expect(api.ceremonyCreate).toHaveBeenLastCalledWith(expect.objectContaining({ ceremony: 'update', rootThreshold: 3, rootExpirationDays: 180 }));
    expect(stores.ceremony.getState().changeAnswers(OLD.id, 99)).toBe(true);
    expect(stores.ceremony.getState()).toMatchObject({
      mode: 'update',
      step: 2,
      editing: OLD.id,
      update: { base: 'pinned', rootThreshold: '3', rootExpirationDays: '180', addKeys: [{ keyid: hex64('d'), name: 'Bins' }], removeKeys: [hex64('a')] },
    });
  });

  it('asks before dropping signatures, rebuilds in place of the old item and forgets its state', async () => {
    const api = workspaceApi();
    const stores = await renderApp(api, 'ceremony');
    answerBootstrap(stores);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Create the payload and review it' }));
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: `Review: ${OLD.displayName}` })).toBeTruthy();
    // One holder signed the old payload and confirmed its review.
    stores.workspace.getState().replaceItem({ ...OLD, signaturesAdded: 1 });
    stores.review.getState().setConfirmed(OLD.id, true);
    await settle();

    const card = screen.getByTestId('change-answers');
    fireEvent.click(within(card).getByRole('button', { name: 'Change answers' }));
    const ask = within(card).getByRole('group', { name: 'Drop the signatures?' });
    expect(ask.textContent).toContain('carries 1 signature made here');
    // Focus is on keeping them: Enter pressed twice never drops a signature.
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep the signature' }));
    fireEvent.click(within(ask).getByRole('button', { name: 'Keep the signature' }));
    expect(within(card).queryByRole('group', { name: 'Drop the signatures?' })).toBeNull();
    expect(stores.ceremony.getState().mode).toBeNull();
    expect(stores.navigation.getState().screen).toBe('review');

    fireEvent.click(within(card).getByRole('button', { name: 'Change answers' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change answers and drop 1 signature' }));
    await settle();
    // Back in the wizard on step 1, every answer there, the replacement said.
    expect(stores.navigation.getState().screen).toBe('ceremony');
    expect(screen.getByRole('heading', { level: 2, name: 'Step 1: Root keys' })).toBeTruthy();
    expect((screen.getByLabelText('Root threshold') as HTMLInputElement).value).toBe('2');
    expect(screen.getByTestId('changing-answers').textContent).toContain('building it again replaces that item and drops its 1 signature');
    fireEvent.change(screen.getByLabelText('Root threshold'), { target: { value: '1' } });
    stores.ceremony.getState().goToStep(3);
    await settle();
    // The check step offers each step again, and says the build drops the signature.
    expect(screen.getByRole('button', { name: 'Change step 3: Expiry and delegation' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Build again and review it (drops 1 signature)' }));
    await settle();

    expect(api.workspaceRemove).toHaveBeenCalledWith({ itemId: OLD.id });
    expect(stores.workspace.getState().items.map((i) => i.id)).toEqual([NEW.id]);
    expect(stores.workspace.getState().currentId).toBe(NEW.id);
    expect(stores.review.getState().confirmed[OLD.id]).toBeUndefined();
    expect(stores.review.getState().confirmed[NEW.id]).toBeUndefined();
    expect(screen.getByRole('heading', { level: 1, name: `Review: ${NEW.displayName}` })).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: /I have reviewed this/ }) as HTMLInputElement).checked).toBe(false);
  });

  it('an item not built by a wizard offers no change', async () => {
    const api = createFakeApi();
    api.workspaceList.mockReturnValue(okR([makeItem()]));
    const stores = await renderApp(api, 'review');
    await stores.workspace.getState().refresh();
    await settle();
    expect(screen.getByRole('heading', { level: 2, name: 'Ready to sign?' })).toBeTruthy();
    expect(screen.queryByTestId('change-answers')).toBeNull();
  });
});

describe('a custom role’s own bins online key (x-rstuf-role-online-key)', () => {
  it('goes to main as the role’s roleOnlineKey, its fn: short id expanded; absent when none is chosen', () => {
    const stores = createAppStores(createFakeApi(), 'ceremony');
    const s = stores.ceremony.getState();
    const roles = [
      { ...newRole(), name: 'dev', paths: 'dev/*', numBins: 64, roleOnlineKeyId: hex64('d'), roleOnlineKeyName: ' Bins ', roleOnlineKeyUri: `fn:${hex64('d').slice(0, 8)}` },
      { ...newRole(), name: 'prod', paths: 'prod/*' },
    ];
    const input = toCeremonyInput('bootstrap', { ...s.bootstrap, delegationKind: 'custom', roles }, s.update);
    expect(input.ceremony === 'bootstrap' && input.delegation.kind === 'custom' && input.delegation.roles.map((r) => r.roleOnlineKey)).toEqual([
      { keyid: hex64('d'), name: 'Bins', uri: `fn:${hex64('d')}` },
      undefined,
    ]);
    expect(CeremonyInputSchema.safeParse({ ...input, rootKeys: [{ keyid: hex64('a') }], onlineKey: { keyid: hex64('c'), uri: `fn:${hex64('c')}` } }).success).toBe(true);
  });

  it('the step check names a bad bins key URI under its field, by the CLI’s rule', () => {
    const stores = createAppStores(createFakeApi(), 'ceremony');
    const s = stores.ceremony.getState();
    const roles = [{ ...newRole(), name: 'dev', paths: 'dev/*', numBins: 64, roleOnlineKeyId: hex64('d'), roleOnlineKeyName: 'Bins', roleOnlineKeyUri: 'file:///bins.pem' }];
    const messages = stepMessages('bootstrap', 2, { ...s.bootstrap, delegationKind: 'custom', roles }, s.update, { pinned: null });
    expect(messages.filter((m) => m.severity === 'error').map((m) => `${m.field} (${m.rule})`)).toEqual(['delegations[0].role_online_key.uri (online-key-uri)']);
    const fine = stepMessages('bootstrap', 2, { ...s.bootstrap, delegationKind: 'custom', roles: [{ ...roles[0]!, roleOnlineKeyUri: `fn:${hex64('d')}` }] }, s.update, { pinned: null });
    expect(fine.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('is asked in the role’s fieldset, and main’s refusal of it shows under it', async () => {
    const api = createFakeApi();
    api.keysList.mockReturnValue(okR(KEYS));
    api.ceremonyValidate.mockReturnValue(
      okR({
        valid: false,
        changes: [],
        notices: [],
        summary: [],
        current: [],
        messages: [{ rule: 'role-online-key', severity: 'error' as const, field: 'delegations[0].role_online_key', message: "its x-rstuf-role-online-key is also one of the role's own keys; it may sign the bins only; RSTUF refuses such a delegation" }],
      }),
    );
    const stores = await renderApp(api, 'ceremony');
    answerBootstrap(stores);
    stores.ceremony.getState().goToStep(2);
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: 'Custom delegations' }));
    fireEvent.change(screen.getByLabelText('Role 1 name'), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Role 1 path patterns'), { target: { value: 'dev/*' } });
    fireEvent.change(screen.getByLabelText('Role 1 nested hash bins'), { target: { value: '64' } });
    expect(screen.queryByLabelText('Role 1 bins online key URI')).toBeNull();
    fireEvent.change(screen.getByLabelText('Role 1 bins online key'), { target: { value: hex64('d') } });
    // Its name in the key list to start with; the short fn: id grows to the whole key id on leaving the field.
    expect((screen.getByLabelText('Role 1 bins online key name') as HTMLInputElement).value).toBe('Bins');
    const uri = screen.getByLabelText('Role 1 bins online key URI') as HTMLInputElement;
    fireEvent.change(uri, { target: { value: `fn:${hex64('d').slice(0, 8)}` } });
    fireEvent.blur(uri);
    expect(uri.value).toBe(`fn:${hex64('d')}`);
    fireEvent.click(screen.getByRole('button', { name: 'Next: Check and create' }));
    await settle();
    expect(api.ceremonyValidate).toHaveBeenCalledWith(expect.objectContaining({ delegation: { kind: 'custom', roles: [expect.objectContaining({ numBins: 64, roleOnlineKey: { keyid: hex64('d'), name: 'Bins', uri: `fn:${hex64('d')}` } })] } }));
    fireEvent.click(screen.getByRole('button', { name: 'Back to step 3: Expiry and delegation' }));
    const select = screen.getByLabelText('Role 1 bins online key');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    const said = (select.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');
    expect(said).toContain("is also one of the role's own keys; it may sign the bins only; RSTUF refuses such a delegation (role-online-key)");
  });
});
