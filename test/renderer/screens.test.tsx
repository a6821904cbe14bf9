// Screens against a fake SignerApi: what a key holder sees and can do, operated the way a keyboard
// or screen-reader user would find things (by role and label).
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/src/App.js';
import { createAppStores, StoresProvider } from '../../renderer/src/stores/context.js';
import type { Screen } from '../../renderer/src/stores/navigation.js';
import { fingerprintGroups } from '../../renderer/src/components/Fingerprint.js';
import { signatureLine } from '../../renderer/src/components/SignatureProgress.js';
import { DROP_LIMITS } from '../../renderer/src/features/home/drop.js';
import { MAX_DROP_BYTES, MAX_DROP_FILES } from '../../shared/ipc/schemas.js';
import { createFakeApi, failR, hex64, makeItem, makeReview, makeRole, okR, type FakeApi } from './fake-api.js';

afterEach(cleanup);

async function renderApp(api: FakeApi, initial: Screen = 'home') {
  const stores = createAppStores(api, initial);
  render(
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>,
  );
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  return stores;
}

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

describe('SignatureProgress', () => {
  it('says who signed and who is missing in one line', () => {
    expect(signatureLine(makeRole().thresholds[0]!)).toBe('2 of 3: JanisJoplin ✓, JimiHendrix ✓, JoeCocker missing');
  });
});

describe('Fingerprint', () => {
  it('shows the first 16 hex digits in 4 groups of 4', () => {
    expect(fingerprintGroups('0123456789ABCDEF0000')).toEqual(['0123', '4567', '89ab', 'cdef']);
  });
});

describe('drop limits', () => {
  it('agree with the IPC contract', () => {
    expect(DROP_LIMITS).toEqual({ files: MAX_DROP_FILES, bytes: MAX_DROP_BYTES });
  });
});

describe('App navigation', () => {
  it('marks the current screen and moves focus to the new heading', async () => {
    await renderApp(createFakeApi());
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    expect(within(nav).getByRole('button', { name: /Home/ })).toHaveProperty('ariaCurrent', 'page');
    fireEvent.click(within(nav).getByRole('button', { name: /Keys/ }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Keys' }));
  });
});

describe('Home', () => {
  it('imports through main’s dialog and opens the review', async () => {
    const api = createFakeApi();
    await renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'Open an RSTUF file…' }));
    await settle();
    expect(api.workspaceImportWithDialog).toHaveBeenCalledWith(expect.objectContaining({ pick: 'file' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Review: sign_pending_roles.json');
  });

  it("shows a failed import in the engine's words, at the import", async () => {
    const api = createFakeApi();
    api.workspaceImportWithDialog.mockReturnValueOnce(failR('BUNDLE_TAMPERED', 'sign-pending.json was changed after the bundle was made'));
    await renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'Open a bundle folder…' }));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Import failed');
    expect(alert.textContent).toContain('sign-pending.json was changed after the bundle was made');
    expect(alert.textContent).toContain('BUNDLE_TAMPERED');
  });

  it('asks twice before closing an item that holds signatures made here', async () => {
    const api = createFakeApi();
    api.workspaceList.mockReturnValue(okR([makeItem({ signaturesAdded: 2 }), makeItem({ id: `item-${'f'.repeat(32)}`, displayName: 'other.json' })]));
    await renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'Close other.json' }));
    await settle();
    expect(api.workspaceRemove).toHaveBeenCalledWith({ itemId: `item-${'f'.repeat(32)}` });
    fireEvent.click(screen.getByRole('button', { name: 'Close sign_pending_roles.json' }));
    await settle();
    expect(api.workspaceRemove).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Close and drop 2 signatures of sign_pending_roles.json' }));
    await settle();
    expect(api.workspaceRemove).toHaveBeenLastCalledWith({ itemId: makeItem().id });
  });

  it('keeps two items of one file name apart and says "waiting" only for a role below its threshold', async () => {
    const api = createFakeApi();
    const second = makeItem({ id: `item-${'f'.repeat(32)}`, roles: [{ role: 'root', type: 'root', version: 3, expires: '2099-12-31T23:59:59Z' }], fingerprintShort: 'ffff 0000 1111 2222' });
    api.workspaceList.mockReturnValue(okR([makeItem({ fingerprintShort: 'aaaa bbbb cccc dddd' }), second]));
    await renderApp(api);
    expect(screen.getByRole('button', { name: 'Review sign_pending_roles.json (root v2, fingerprint aaaa bbbb cccc dddd)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Review sign_pending_roles.json (root v3, fingerprint ffff 0000 1111 2222)' })).toBeTruthy();
    // Nothing is claimed before a review counted the signatures.
    expect(screen.queryByText('waiting for signatures')).toBeNull();
    api.reviewGet.mockReturnValueOnce(okR({ ...makeReview(), itemId: second.id, roles: makeReview().roles.map((r) => ({ ...r, met: true })) }));
    fireEvent.click(screen.getByRole('button', { name: /^Review .*\(root v3, / }));
    await settle();
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Screens' })).getByRole('button', { name: /Home$/ }));
    await settle();
    const rows = screen.getAllByRole('row');
    expect(rows.find((r) => r.textContent?.includes('root v3'))?.textContent).toContain('threshold met');
    expect(screen.queryByText('waiting for signatures')).toBeNull();
  });

  it('shows the pinned root with its expiry and fingerprint', async () => {
    const api = createFakeApi();
    api.trustGet.mockReturnValue(
      okR({ pinned: { version: 3, expires: '2099-01-01T00:00:00Z', fingerprint: 'abcd1234ef567890' + '0'.repeat(48), threshold: 2, keys: [{ keyid: hex64('1'), name: 'Janis' }, { keyid: hex64('2'), name: 'Jimi' }], pinnedAt: '2026-11-25T00:00:00Z', sourceName: 'root.json' } }),
    );
    await renderApp(api);
    const trust = screen.getByRole('region', { name: 'Trust store' });
    expect(trust.textContent).toContain('version 3');
    expect(trust.textContent).toContain('2099-01-01 00:00 UTC');
    expect(trust.textContent).toContain('2 of 2: Janis, Jimi');
    expect(within(trust).getByTestId('fingerprint').textContent?.trim()).toBe('abcd 1234 ef56 7890');
  });
});

describe('Review', () => {
  async function openReview(api: FakeApi) {
    api.workspaceList.mockReturnValue(okR([makeItem()]));
    const stores = await renderApp(api);
    stores.workspace.getState().select(makeItem().id);
    act(() => stores.navigation.getState().go('review'));
    await settle();
    return stores;
  }

  it('offers to drop a signature RSTUF would refuse, and reloads the review after main drops it', async () => {
    const api = createFakeApi();
    const bad = { keyid: hex64('bad'), name: 'Mallory', state: 'invalid', reason: null };
    api.reviewGet.mockReturnValueOnce(okR(makeReview({ roles: [makeRole({ refusedSignatures: [bad] })] }))).mockReturnValue(okR(makeReview()));
    await openReview(api);
    const list = screen.getByTestId('refused-signatures');
    expect(list.textContent).toContain('Mallory');
    fireEvent.click(within(list).getByRole('button', { name: 'Drop the signature by Mallory' }));
    await settle();
    expect(api.signDropSignature).toHaveBeenCalledWith({ itemId: makeItem().id, role: 'root', keyid: bad.keyid });
    expect(screen.queryByTestId('refused-signatures')).toBeNull();
  });

  it.each([
    ['refused', 'refusing to sign root v2: key ids aa and bb are the same public key', true],
    ['not refused (the control)', null, false],
  ])('Sign screen, role %s: says why it cannot be signed and disables signing', async (_case, refusal, disabled) => {
    const api = createFakeApi();
    api.reviewGet.mockReturnValue(okR(makeReview({ roles: [makeRole({ signingRefused: refusal })] })));
    const stores = await openReview(api);
    act(() => stores.review.getState().setConfirmed(makeItem().id, true));
    act(() => stores.navigation.getState().go('sign'));
    await settle();
    // A key file is chosen and its passphrase typed: only the refusal can keep the button disabled.
    fireEvent.click(screen.getByRole('button', { name: 'Choose key file…' }));
    await settle();
    fireEvent.change(screen.getByLabelText(/^Passphrase/), { target: { value: 'correct horse' } });
    expect(screen.queryByTestId('signing-refused')?.textContent ?? null).toEqual(refusal === null ? null : expect.stringContaining('same public key'));
    expect((screen.getByRole('button', { name: 'Sign with this key' }) as HTMLButtonElement).disabled).toBe(disabled);
  });

  it('puts warnings before the changes and shows signature progress per role', async () => {
    const api = createFakeApi();
    api.reviewGet.mockReturnValue(
      okR(makeReview({ roles: [makeRole({ notices: [{ severity: 'danger', code: 'THRESHOLD_LOWERED', message: 'The root threshold goes down from 3 to 1.' }] })] })),
    );
    await openReview(api);
    const warnings = screen.getByRole('region', { name: 'Warnings for root v2' });
    const changes = screen.getByRole('list', { name: 'Changes in root' });
    expect(warnings.textContent).toContain('The root threshold goes down from 3 to 1.');
    expect(warnings.compareDocumentPosition(changes) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const progress = screen.getByRole('list', { name: 'Signature progress' });
    expect(progress.textContent).toContain('trusted root v1: 2 of 3: JanisJoplin ✓, JimiHendrix ✓, JoeCocker missing');
  });

  it('makes signing a second step behind “I have reviewed this”', async () => {
    const api = createFakeApi();
    await openReview(api);
    const next = screen.getByRole('button', { name: 'Continue to signing' });
    expect(next).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('checkbox', { name: /I have reviewed this/ }));
    expect(next).toHaveProperty('disabled', false);
    fireEvent.click(next);
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign: sign_pending_roles.json');
  });

  it('shows the canonical JSON and its sha256 only when asked', async () => {
    const api = createFakeApi();
    await openReview(api);
    expect(screen.queryByLabelText('Canonical JSON of root')).toBeNull();
    const toggle = screen.getByRole('button', { name: /Show the canonical JSON/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    await settle();
    expect(screen.getByLabelText('Canonical JSON of root').textContent).toBe('{"a":1}');
    expect(screen.getByRole('button', { name: 'Hide the canonical JSON' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('counts artifacts per path group against the trusted version', async () => {
    const api = createFakeApi();
    const artifacts = {
      total: 100_003,
      counts: { added: 120, removed: 3, modified: 1, unchanged: 99_879 },
      groups: [
        { group: 'production/', added: 120, removed: 3, modified: 0, unchanged: 99_879 },
        { group: '(top level)', added: 0, removed: 0, modified: 1, unchanged: 0 },
      ],
      changesNotListed: 24,
      compared: true,
    };
    api.reviewGet.mockReturnValue(okR(makeReview({ roles: [makeRole({ role: 'prod', type: 'targets', artifacts })] })));
    await openReview(api);
    const overview = screen.getByTestId('artifact-overview');
    expect(overview.textContent).toContain('100,003 artifacts in prod v2. 120 added, 3 removed, 1 modified, 99,879 unchanged since the trusted version.');
    expect(within(overview).getByRole('row', { name: /production\/ 120 3 0 99,879/ })).toBeTruthy();
    expect(overview.textContent).toContain('24 more artifact changes are not listed below.');
  });

  it('browses a targets role’s artifacts one page at a time', async () => {
    const api = createFakeApi();
    const artifacts = { total: 250, counts: { added: 250, removed: 0, modified: 0, unchanged: 0 }, groups: [{ group: 'production/', added: 250, removed: 0, modified: 0, unchanged: 0 }], changesNotListed: 0, compared: false };
    api.reviewGet.mockReturnValue(okR(makeReview({ roles: [makeRole({ role: 'prod', type: 'targets', changes: [], artifacts })] })));
    const entry = (i: number) => ({ path: `production/p-${i}.tar.gz`, status: 'added' as const, group: 'production/', from: null, to: { length: 1000 + i, hashes: { sha256: hex64('b2') } } });
    api.reviewArtifacts.mockImplementation((req) =>
      okR({ role: 'prod', page: req.page, pageSize: 100, pages: 3, totalEntries: 250, compared: false, entries: [entry(req.page * 100), entry(req.page * 100 + 1)] }),
    );
    await openReview(api);
    fireEvent.click(screen.getByRole('button', { name: 'Browse the artifacts of prod' }));
    await settle();
    // Nothing to compare with: the list starts with every artifact, not just the changes.
    expect(api.reviewArtifacts).toHaveBeenLastCalledWith(expect.objectContaining({ role: 'prod', page: 1, pageSize: 100, include: 'all' }));
    const table = screen.getByRole('table', { name: 'Artifacts of prod, page 1 of 3' });
    expect(within(table).getAllByRole('row')[1]!.textContent).toBe('production/p-100.tar.gznew1,100 bytes, sha256 b2b2b2b2b2b2');
    expect(screen.getByRole('button', { name: 'Previous page' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await settle();
    expect(api.reviewArtifacts).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2 }));
    expect(screen.getByText('Page 2 of 3 (250 artifacts)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'removed' } });
    await settle();
    expect(api.reviewArtifacts).toHaveBeenLastCalledWith(expect.objectContaining({ page: 1, status: 'removed' }));
  });

  it('pages a huge list of changes instead of rendering them all', async () => {
    const api = createFakeApi();
    const changes = Array.from({ length: 100_000 }, (_, i) => ({ area: 'targets', summary: `New artifact 'file-${i}'`, before: null, after: null }));
    api.reviewGet.mockReturnValue(okR(makeReview({ roles: [makeRole({ role: 'prod', type: 'targets', changes })] })));
    await openReview(api);
    const list = screen.getByRole('list', { name: 'Changes in prod' });
    expect(list.children).toHaveLength(50);
    expect(screen.getByText('Showing 50 of 100,000 changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more' }));
    expect(list.children).toHaveLength(550);
  });
});

describe('Sign', () => {
  async function openSign(api: FakeApi, confirmed = true) {
    api.workspaceList.mockReturnValue(okR([makeItem()]));
    const stores = await renderApp(api);
    stores.workspace.getState().select(makeItem().id);
    if (confirmed) {
      await act(() => stores.review.getState().load(makeItem().id));
      act(() => stores.review.getState().setConfirmed(makeItem().id, true));
    }
    act(() => stores.navigation.getState().go('sign'));
    await settle();
    return stores;
  }

  it('asks for the review first', async () => {
    await openSign(createFakeApi(), false);
    expect(screen.getByText(/Signing is a separate step/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign with this key' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Go to Review' })).toBeTruthy();
  });

  it('signs with a key file and passphrase, clears the field, and offers the next holder', async () => {
    const api = createFakeApi();
    const stores = await openSign(api);
    fireEvent.click(screen.getByRole('button', { name: 'Choose key file…' }));
    await settle();
    const pass = screen.getByLabelText('Passphrase') as HTMLInputElement;
    fireEvent.change(pass, { target: { value: 'hunter2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign with this key' }));
    await settle();
    expect(api.signWithKeyFile).toHaveBeenCalledWith(expect.objectContaining({ passphrase: 'hunter2' }));
    expect(screen.getByRole('status').textContent).toContain('JimiHendrix signed root v2');
    fireEvent.click(screen.getByRole('button', { name: 'Another key holder signs next' }));
    await settle();
    expect(stores.review.getState().confirmed[makeItem().id]).toBe(false);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Review: sign_pending_roles.json');
  });

  it('shows a wrong passphrase where it happened and empties the field', async () => {
    const api = createFakeApi();
    api.signWithKeyFile.mockReturnValueOnce(failR('PASSPHRASE_WRONG', 'the passphrase does not unlock JH.ed25519'));
    await openSign(api);
    fireEvent.click(screen.getByRole('button', { name: 'Choose key file…' }));
    await settle();
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign with this key' }));
    await settle();
    const form = screen.getByRole('form', { name: 'Sign' });
    expect(within(form).getByRole('alert').textContent).toContain('the passphrase does not unlock JH.ed25519');
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
  });

  it('tells the holder to touch the key while the token waits', async () => {
    const api = createFakeApi();
    const tokenRef = `token-${'c'.repeat(32)}`;
    const tokenKeyRef = `tokenkey-${'d'.repeat(32)}`;
    api.tokensList.mockReturnValue(
      okR({ available: true, message: null, tokens: [{ tokenRef, label: 'YubiKey PIV', serial: '18158855', manufacturer: 'Yubico', model: 'YubiKey 5 NFC', keys: [{ tokenKeyRef, label: 'slot 9c', keyid: hex64('5'), scheme: 'ecdsa-sha2-nistp256' }] }] }),
    );
    let release: (v: Awaited<ReturnType<FakeApi['signWithToken']>>) => void = () => undefined;
    api.signWithToken.mockReturnValueOnce(new Promise((r) => (release = r)));
    const stores = await openSign(api);
    fireEvent.click(screen.getByRole('radio', { name: /A hardware token/ }));
    await settle();
    fireEvent.change(screen.getByLabelText('Token key'), { target: { value: `${tokenRef}|${tokenKeyRef}` } });
    fireEvent.change(screen.getByLabelText('PIN'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign with this key' }));
    await settle();
    const operationId = stores.signing.getState().operationId!;
    act(() => api.emitProgress({ operationId, task: 'token', phase: 'touch', message: 'Touch your key', completed: null, total: null }));
    expect(screen.getByRole('alert').textContent).toBe('Touch your key now.');
    await act(async () => release({ ok: false, error: { code: 'TOKEN_ERROR', message: 'the key was not touched in time; sign again and touch it when it blinks' } }));
    expect(screen.queryByText('Touch your key now.')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('the key was not touched in time');
  });
});

describe('Export', () => {
  it('shows the manifest fingerprint to read aloud', async () => {
    const api = createFakeApi();
    api.workspaceList.mockReturnValue(okR([makeItem()]));
    const stores = await renderApp(api);
    stores.workspace.getState().select(makeItem().id);
    act(() => stores.navigation.getState().go('export'));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Choose destination and export…' }));
    await settle();
    expect(screen.getByRole('status').textContent).toContain('Exported to USB');
    expect(screen.getByTestId('fingerprint').textContent?.trim()).toBe('0123 4567 89ab cdef');
  });
});

describe('Ceremony wizard', () => {
  it('walks through bootstrap with rules next to inputs and shows main’s messages at the input', async () => {
    const api = createFakeApi();
    api.keysList.mockReturnValue(
      okR([
        { keyid: hex64('1'), name: 'Janis', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'JJ.pub' },
        { keyid: hex64('2'), name: 'Jimi', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'JH.pub' },
        { keyid: hex64('3'), name: 'Online', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'online.pub' },
      ]),
    );
    api.ceremonyValidate.mockReturnValueOnce(
      okR({ valid: false, changes: [], notices: [], summary: [], current: [], messages: [{ rule: 'no-duplicate-keys', severity: 'error' as const, field: 'root.keys[1]', message: 'no-duplicate-keys: "Jimi" is the same key as root.keys[0]' }] }),
    );
    await renderApp(api, 'ceremony');
    fireEvent.click(screen.getByRole('button', { name: 'Start bootstrap' }));
    await settle();
    fireEvent.click(screen.getByRole('checkbox', { name: /Janis/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Jimi/ }));
    const threshold = screen.getByLabelText('Root threshold') as HTMLInputElement;
    expect(screen.getByText(/between 1 and the number of root keys \(2 picked\)/)).toBeTruthy();
    // Two keys picked: the threshold follows them to 2 ("2 or more is safer").
    expect(threshold.value).toBe('2');
    // A threshold the keys cannot meet is refused here, by the shared rule, before main is asked.
    fireEvent.change(threshold, { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: Online key' }));
    expect(screen.getByLabelText('Root threshold').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Root threshold'));
    expect(screen.getByText(/a threshold of 3 can never be met with 2 keys/)).toBeTruthy();
    expect(api.ceremonyValidate).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Root threshold'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: Online key' }));
    fireEvent.change(screen.getByLabelText('Online key'), { target: { value: hex64('3') } });
    fireEvent.change(screen.getByLabelText('Online key URI'), { target: { value: `fn:${hex64('3')}` } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: Expiry and delegation' }));
    expect((screen.getByLabelText('root expiry (days)') as HTMLInputElement).value).toBe('365');
    fireEvent.click(screen.getByRole('button', { name: 'Next: Check and create' }));
    await settle();
    expect(api.ceremonyValidate).toHaveBeenCalledWith(expect.objectContaining({ ceremony: 'bootstrap', rootThreshold: 2, onlineKey: { keyid: hex64('3'), name: 'Online', uri: `fn:${hex64('3')}` } }));
    expect(screen.getByRole('alert').textContent).toContain('is the same key as root.keys[0]');
    expect(screen.getByRole('button', { name: 'Create the payload and review it' })).toHaveProperty('disabled', true);
    // Back at the input, the same message sits under it.
    fireEvent.click(screen.getByRole('button', { name: 'Back to step 1: Root keys' }));
    const input = screen.getByRole('textbox', { name: /Name for Jimi/ });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')?.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ')).toContain('is the same key as root.keys[0]');
  });
});

describe('Audit log', () => {
  it('says when the hash chain is broken', async () => {
    const api = createFakeApi();
    api.auditList.mockReturnValue(okR({ entries: [], total: 3, chain: { valid: false, brokenAtSeq: 2, message: 'entry 2 was changed after it was written' } }));
    await renderApp(api, 'audit');
    expect(screen.getByRole('alert').textContent).toContain('entry 2 was changed after it was written');
  });
});

describe('Browser-shell chooser', () => {
  const view = (over: Partial<Parameters<FakeApi['emitChooser']>[0]> = {}) => ({
    chooserId: `chooser-${'1'.repeat(32)}`,
    mode: 'open-file' as const,
    title: 'Import an RSTUF file',
    location: 'usb',
    entries: [
      { entryId: `entry-${'2'.repeat(32)}`, name: '..', kind: 'parent' as const },
      { entryId: `entry-${'3'.repeat(32)}`, name: 'bundles', kind: 'folder' as const },
      { entryId: `entry-${'4'.repeat(32)}`, name: 'pending.json', kind: 'file' as const },
    ],
    suggestedName: null,
    ...over,
  });

  it('draws main’s chooser as a modal dialog, navigates folders and picks a file by id', async () => {
    const api = createFakeApi();
    api.chooserNavigate.mockReturnValueOnce(okR(view({ location: 'usb/bundles', entries: [{ entryId: `entry-${'5'.repeat(32)}`, name: 'sign.json', kind: 'file' as const }] })));
    await renderApp(api);
    act(() => api.emitChooser(view()));
    const dialog = screen.getByRole('dialog', { name: 'Import an RSTUF file' });
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { name: 'Import an RSTUF file' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /bundles/ }));
    await settle();
    expect(api.chooserNavigate).toHaveBeenCalledWith({ chooserId: `chooser-${'1'.repeat(32)}`, entryId: `entry-${'3'.repeat(32)}` });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'sign.json' }));
    await settle();
    expect(api.chooserChoose).toHaveBeenCalledWith({ chooserId: `chooser-${'1'.repeat(32)}`, entryId: `entry-${'5'.repeat(32)}` });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('saves under the typed file name and cancels with Escape', async () => {
    const api = createFakeApi();
    await renderApp(api);
    act(() => api.emitChooser(view({ mode: 'save-file', title: 'Export the audit log', suggestedName: 'audit.json' })));
    const dialog = screen.getByRole('dialog', { name: 'Export the audit log' });
    const name = within(dialog).getByLabelText('File name') as HTMLInputElement;
    await settle();
    expect(name.value).toBe('audit.json');
    fireEvent.change(name, { target: { value: 'log-2026.json' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save here' }));
    await settle();
    expect(api.chooserChoose).toHaveBeenCalledWith({ chooserId: `chooser-${'1'.repeat(32)}`, fileName: 'log-2026.json' });

    act(() => api.emitChooser(view({ title: 'Choose your private key file' })));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await settle();
    expect(api.chooserCancel).toHaveBeenCalledWith({ chooserId: `chooser-${'1'.repeat(32)}` });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
