// Issue 12, "The Sign screen shows an old result": per-item state (a sign result, a failed-sign
// error, a review confirmation, what was typed in the passphrase field) belongs to its workspace
// item and never shows on another. Two items are open: a bootstrap (root v1, 2 of 2 once Bob signs)
// and a root update (root v2, 0 of 2). The holder signs the first, opens the second, and goes to
// Sign: the second's own signatures show, not the first's result; going back shows the first's.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/src/App.js';
import { createAppStores, StoresProvider } from '../../renderer/src/stores/context.js';
import { signingFor } from '../../renderer/src/stores/signing.js';
import type { ReviewModel, SignResult, ThresholdReview } from '../../shared/ipc/schemas.js';
import { createFakeApi, failR, hex64, makeItem, makeReview, makeRole, makeSignResult, okR, type FakeApi } from './fake-api.js';

afterEach(cleanup);

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

const BOOTSTRAP = makeItem({
  id: `item-${'b'.repeat(32)}`,
  displayName: 'bootstrap-payload.json',
  kind: 'bootstrap',
  kindLabel: 'RSTUF bootstrap (ceremony) payload',
  roles: [{ role: 'root', type: 'root', version: 1, expires: '2099-12-31T23:59:59Z' }],
});
const UPDATE = makeItem({
  id: `item-${'c'.repeat(32)}`,
  displayName: 'update-payload.json',
  kind: 'update',
  kindLabel: 'RSTUF metadata update payload',
  roles: [{ role: 'root', type: 'root', version: 2, expires: '2099-12-31T23:59:59Z' }],
});

const threshold = (label: string, signed: number): ThresholdReview => ({
  label,
  required: 2,
  signedCount: signed,
  met: signed >= 2,
  signers: [
    { keyid: hex64('1'), name: 'Alice Holder', state: signed >= 1 ? 'valid' : 'missing' },
    { keyid: hex64('2'), name: 'Bob Holder', state: signed >= 2 ? 'valid' : 'missing' },
  ],
});

const bootstrapRole = (signed: number) => makeRole({ version: 1, sha256: hex64('b0'), thresholds: [threshold('root v1', signed)], met: signed >= 2, changes: [] });
const updateRole = () => makeRole({ version: 2, sha256: hex64('c0'), thresholds: [threshold('trusted root v1', 0), threshold('new root v2', 0)] });

const reviews: Record<string, ReviewModel> = {
  [BOOTSTRAP.id]: makeReview({ itemId: BOOTSTRAP.id, kind: 'bootstrap', kindLabel: BOOTSTRAP.kindLabel, roles: [bootstrapRole(1)] }),
  [UPDATE.id]: makeReview({ itemId: UPDATE.id, kind: 'update', kindLabel: UPDATE.kindLabel, roles: [updateRole()] }),
};

const bobSignedBootstrap: SignResult = makeSignResult({
  itemId: BOOTSTRAP.id,
  role: 'root',
  version: 1,
  keyid: hex64('2'),
  keyName: 'Bob Holder',
  review: bootstrapRole(2),
  item: { ...BOOTSTRAP, signaturesAdded: 1 },
});

function twoItemsApi(): FakeApi {
  const api = createFakeApi();
  api.workspaceList.mockReturnValue(okR([BOOTSTRAP, UPDATE]));
  api.reviewGet.mockImplementation((req) => okR(reviews[req.itemId] ?? makeReview({ itemId: req.itemId })));
  api.signWithKeyFile.mockReturnValue(okR(bobSignedBootstrap));
  return api;
}

async function renderApp(api: FakeApi) {
  const stores = createAppStores(api);
  render(
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>,
  );
  await settle();
  return stores;
}

const nav = (label: RegExp) => fireEvent.click(within(screen.getByRole('navigation', { name: 'Screens' })).getByRole('button', { name: label }));
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

/** Home -> Review of `name` -> "I have reviewed this" (if not yet) -> Continue to signing. */
async function reviewAndGoToSign(name: string) {
  nav(/Home$/);
  await settle();
  fireEvent.click(screen.getByRole('button', { name: `Review ${name}` }));
  await settle();
  expect(heading()).toBe(`Review: ${name}`);
  const box = screen.getByRole('checkbox', { name: /I have reviewed this/ }) as HTMLInputElement;
  if (!box.checked) fireEvent.click(box);
  fireEvent.click(screen.getByRole('button', { name: 'Continue to signing' }));
  await settle();
  expect(heading()).toBe(`Sign: ${name}`);
}

async function signWithKeyFile(passphrase: string) {
  fireEvent.click(screen.getByRole('button', { name: /Choose (another )?key file…/ }));
  await settle();
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: passphrase } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign with this key' }));
  await settle();
}

const signedRegion = () => screen.queryByRole('region', { name: 'Signed and verified' });

describe('per-item state on the Sign screen (issue 12)', () => {
  it("shows the second item's own signatures, not the first item's result, and the first's again on return", async () => {
    const api = twoItemsApi();
    await renderApp(api);

    // Sign the bootstrap: its result shows.
    await reviewAndGoToSign('bootstrap-payload.json');
    await signWithKeyFile('hunter2');
    expect(api.signWithKeyFile).toHaveBeenCalledWith(expect.objectContaining({ itemId: BOOTSTRAP.id }));
    expect(signedRegion()?.textContent).toContain('Bob Holder signed root v1');
    expect(signedRegion()?.textContent).toContain('root v1: 2 of 2');

    // Open the root update and go to Sign: nothing of the bootstrap's result is there.
    await reviewAndGoToSign('update-payload.json');
    expect(signedRegion()).toBeNull();
    expect(screen.queryByText(/Bob Holder signed/)).toBeNull();
    expect(screen.queryByText(/2 of 2/)).toBeNull();
    const sofar = screen.getByRole('region', { name: 'Signatures so far' });
    expect(sofar.textContent).toContain('trusted root v1: 0 of 2');
    expect(sofar.textContent).toContain('new root v2: 0 of 2');
    // Its own form, ready for a signature of this item.
    expect(screen.getByRole('form', { name: 'Sign' })).toBeTruthy();
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');

    // Back to the bootstrap: its own result is still there.
    await reviewAndGoToSign('bootstrap-payload.json');
    expect(signedRegion()?.textContent).toContain('Bob Holder signed root v1');
    expect(screen.queryByRole('form', { name: 'Sign' })).toBeNull();
  });

  it("keeps a failed signature's error on its own item", async () => {
    const api = twoItemsApi();
    api.signWithKeyFile.mockReset();
    api.signWithKeyFile.mockImplementation((req) =>
      req.itemId === UPDATE.id ? failR('PASSPHRASE_WRONG', 'the passphrase does not unlock JH.ed25519') : okR(bobSignedBootstrap),
    );
    await renderApp(api);

    await reviewAndGoToSign('update-payload.json');
    await signWithKeyFile('wrong');
    expect(within(screen.getByRole('form', { name: 'Sign' })).getByRole('alert').textContent).toContain('the passphrase does not unlock JH.ed25519');

    // The bootstrap's Sign screen shows no error of the update's.
    await reviewAndGoToSign('bootstrap-payload.json');
    expect(screen.queryByText(/Not signed/)).toBeNull();
    expect(screen.queryByText(/does not unlock/)).toBeNull();
    await signWithKeyFile('hunter2');
    expect(signedRegion()?.textContent).toContain('Bob Holder signed root v1');

    // And the update's Sign screen shows its own error, not the bootstrap's result.
    await reviewAndGoToSign('update-payload.json');
    expect(signedRegion()).toBeNull();
    expect(within(screen.getByRole('form', { name: 'Sign' })).getByRole('alert').textContent).toContain('the passphrase does not unlock JH.ed25519');
  });

  it('empties the passphrase field when another item becomes current while Sign is open', async () => {
    const api = twoItemsApi();
    const stores = await renderApp(api);
    await reviewAndGoToSign('update-payload.json');
    act(() => stores.review.getState().setConfirmed(BOOTSTRAP.id, false));
    await act(() => stores.review.getState().load(BOOTSTRAP.id));
    act(() => stores.review.getState().setConfirmed(BOOTSTRAP.id, true));
    await act(() => stores.review.getState().load(UPDATE.id));
    fireEvent.click(screen.getByRole('button', { name: 'Choose key file…' }));
    await settle();
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'typed-for-the-update' } });

    act(() => stores.workspace.getState().select(BOOTSTRAP.id));
    await settle();
    expect(heading()).toBe('Sign: bootstrap-payload.json');
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
  });

  it('lets the next holder start fresh on every item: results and confirmations are dropped', async () => {
    const api = twoItemsApi();
    const stores = await renderApp(api);
    await reviewAndGoToSign('update-payload.json');
    await reviewAndGoToSign('bootstrap-payload.json');
    await signWithKeyFile('hunter2');
    fireEvent.click(screen.getByRole('button', { name: 'Another key holder signs next' }));
    await settle();
    expect(stores.review.getState().confirmed[BOOTSTRAP.id]).toBe(false);
    // The update was confirmed by the previous holder: the next one must review it themselves.
    expect(stores.review.getState().confirmed[UPDATE.id]).toBe(false);
    expect(signingFor(stores.signing.getState(), BOOTSTRAP.id).result).toBeNull();
  });
});

describe('signing store: state per item id', () => {
  async function confirmed(stores: ReturnType<typeof createAppStores>, itemId: string) {
    await stores.review.getState().load(itemId);
    stores.review.getState().setConfirmed(itemId, true);
  }

  it('files the result, the error and the role under the item they belong to', async () => {
    const api = twoItemsApi();
    api.signWithKeyFile.mockImplementation((req) => (req.itemId === UPDATE.id ? failR('PASSPHRASE_WRONG', 'wrong passphrase') : okR(bobSignedBootstrap)));
    const stores = createAppStores(api);
    await confirmed(stores, BOOTSTRAP.id);
    await confirmed(stores, UPDATE.id);
    const signing = stores.signing.getState();
    signing.setRole('root', UPDATE.id);
    await signing.chooseKeyFile(BOOTSTRAP.id);
    await stores.signing.getState().signWithKeyFile(BOOTSTRAP.id, 'hunter2');
    await stores.signing.getState().signWithKeyFile(UPDATE.id, 'nope');

    const s = stores.signing.getState();
    expect(signingFor(s, BOOTSTRAP.id)).toMatchObject({ phase: 'done', result: { keyName: 'Bob Holder' }, error: null, role: null });
    expect(signingFor(s, UPDATE.id)).toMatchObject({ phase: 'error', result: null, error: { code: 'PASSPHRASE_WRONG' }, role: 'root' });
    expect(signingFor(s, `item-${'9'.repeat(32)}`)).toMatchObject({ phase: 'idle', result: null, error: null });
    // Only the update's call carried the role chosen for the update.
    expect(api.signWithKeyFile.mock.calls[0]?.[0]).not.toHaveProperty('role');
    expect(api.signWithKeyFile.mock.calls[1]?.[0]).toMatchObject({ itemId: UPDATE.id, role: 'root' });
  });

  it('signs one item at a time', async () => {
    const api = twoItemsApi();
    let release: (v: Awaited<ReturnType<FakeApi['signWithKeyFile']>>) => void = () => undefined;
    api.signWithKeyFile.mockReturnValueOnce(new Promise((r) => (release = r)));
    const stores = createAppStores(api);
    await confirmed(stores, BOOTSTRAP.id);
    await confirmed(stores, UPDATE.id);
    await stores.signing.getState().chooseKeyFile(BOOTSTRAP.id);
    const first = stores.signing.getState().signWithKeyFile(BOOTSTRAP.id, 'hunter2');
    expect(await stores.signing.getState().signWithKeyFile(UPDATE.id, 'hunter2')).toBeNull();
    expect(signingFor(stores.signing.getState(), UPDATE.id).error?.message).toMatch(/another signature is in progress/);
    expect(api.signWithKeyFile).toHaveBeenCalledTimes(1);
    release({ ok: true, value: bobSignedBootstrap });
    await first;
    expect(signingFor(stores.signing.getState(), BOOTSTRAP.id).result?.keyName).toBe('Bob Holder');
  });

  it('forgets a closed item', async () => {
    const api = twoItemsApi();
    const stores = createAppStores(api);
    await stores.workspace.getState().refresh();
    await confirmed(stores, BOOTSTRAP.id);
    await stores.signing.getState().chooseKeyFile(BOOTSTRAP.id);
    await stores.signing.getState().signWithKeyFile(BOOTSTRAP.id, 'hunter2');
    await stores.workspace.getState().remove(BOOTSTRAP.id);
    expect(stores.signing.getState().byItem).not.toHaveProperty(BOOTSTRAP.id);
    expect(stores.review.getState().confirmed).not.toHaveProperty(BOOTSTRAP.id);
  });
});

describe('per-item state on the Export screen', () => {
  it('an export refused for one item is not shown on another', async () => {
    const api = twoItemsApi();
    api.exportItem.mockImplementation((req) => (req.itemId === BOOTSTRAP.id ? failR('SIGNATURE_INVALID', 'root v1 carries a signature RSTUF would refuse') : okR({ destinationName: 'USB', files: ['manifest.json'], manifestFingerprint: hex64('01'), fingerprintShort: '0101 0101 0101 0101' })));
    const stores = await renderApp(api);
    act(() => stores.workspace.getState().select(BOOTSTRAP.id));
    nav(/Export$/);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Choose destination and export…' }));
    await settle();
    expect(document.body.textContent).toContain('RSTUF would refuse');
    act(() => stores.workspace.getState().select(UPDATE.id));
    await settle();
    expect(document.body.textContent).not.toContain('RSTUF would refuse');
    act(() => stores.workspace.getState().select(BOOTSTRAP.id));
    await settle();
    expect(document.body.textContent).toContain('RSTUF would refuse');
  });
});
