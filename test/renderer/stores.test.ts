// Renderer stores against a fake SignerApi: what each store asks main for, and what the holder
// then sees (errors in the engine's words, a closed dialog as nothing, secrets never kept).
import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/stores/context.js';
import { messagesFor, toCeremonyInput } from '../../renderer/src/stores/ceremony.js';
import { createFakeApi, failR, hex64, makeItem, makeReview, makeRole, makeSignResult, okR } from './fake-api.js';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('workspace store', () => {
  it('adopts the imported item as the current one', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    const item = await stores.workspace.getState().importWithDialog('folder');
    expect(api.workspaceImportWithDialog).toHaveBeenCalledWith(expect.objectContaining({ pick: 'folder' }));
    expect(item?.id).toBe(makeItem().id);
    expect(stores.workspace.getState().currentId).toBe(item?.id);
    expect(stores.workspace.getState().importing).toBeNull();
  });

  it('treats a closed dialog as nothing happened', async () => {
    const api = createFakeApi();
    api.workspaceImportWithDialog.mockReturnValueOnce(failR('CANCELLED', 'the dialog was closed'));
    const stores = createAppStores(api);
    expect(await stores.workspace.getState().importWithDialog('file')).toBeNull();
    expect(stores.workspace.getState().error).toBeNull();
  });

  it("keeps the engine's sentence and code when an import fails", async () => {
    const api = createFakeApi();
    api.workspaceImportWithDialog.mockReturnValueOnce(failR('BUNDLE_TAMPERED', 'sign-pending.json does not match the manifest (sha256 differs)'));
    const stores = createAppStores(api);
    await stores.workspace.getState().importWithDialog('folder');
    expect(stores.workspace.getState().error).toEqual({ code: 'BUNDLE_TAMPERED', message: 'sign-pending.json does not match the manifest (sha256 differs)' });
  });

  it('turns a bridge failure (rejected promise) into an error instead of crashing', async () => {
    const api = createFakeApi();
    api.workspaceList.mockReturnValueOnce(Promise.reject(new Error('bridge gone')));
    const stores = createAppStores(api);
    await stores.workspace.getState().refresh();
    expect(stores.workspace.getState().error?.code).toBe('INTERNAL');
    expect(stores.workspace.getState().error?.message).toContain('bridge gone');
  });

  it('sends dropped files with their folder name', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await stores.workspace.getState().importDropped([{ path: 'manifest.json', contentBase64: 'e30=' }], 'rstuf-bundle');
    expect(api.workspaceImportDropped).toHaveBeenCalledWith(expect.objectContaining({ folderName: 'rstuf-bundle', files: [{ path: 'manifest.json', contentBase64: 'e30=' }] }));
  });
});

describe('review store', () => {
  it('loads canonical JSON page by page and appends pages', async () => {
    const api = createFakeApi();
    api.reviewCanonical
      .mockReturnValueOnce(okR({ role: 'root', sha256: hex64('c'), totalBytes: 6, totalChars: 6, offset: 0, text: '{"a":', nextOffset: 5 }))
      .mockReturnValueOnce(okR({ role: 'root', sha256: hex64('c'), totalBytes: 6, totalChars: 6, offset: 5, text: '1}', nextOffset: null }));
    const stores = createAppStores(api);
    await stores.review.getState().load(makeItem().id);
    await stores.review.getState().showCanonical('root');
    expect(stores.review.getState().canonical.root?.nextOffset).toBe(5);
    await stores.review.getState().loadMoreCanonical('root');
    expect(api.reviewCanonical).toHaveBeenLastCalledWith(expect.objectContaining({ role: 'root', offset: 5 }));
    expect(stores.review.getState().canonical.root).toMatchObject({ text: '{"a":1}', nextOffset: null, loading: false });
  });

  it('forgets a confirmation per item', async () => {
    const stores = createAppStores(createFakeApi());
    const id = makeItem().id;
    await stores.review.getState().load(id);
    stores.review.getState().setConfirmed(id, true);
    expect(stores.review.getState().confirmed[id]).toBe(true);
    stores.review.getState().setConfirmed(id, false);
    expect(stores.review.getState().confirmed[id]).toBe(false);
    expect(stores.review.getState().reviewed[id]).toBeUndefined();
  });

  it('compares a delegated role with the version main checked, and asks for a new confirmation; a refusal is kept per role', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    const id = makeItem().id;
    await confirmReview(stores);
    api.reviewComparePrevious.mockReturnValueOnce(failR('SIGNATURE_INVALID', 'prod-v1.json (prod v1) is not signed by enough of the keys delegated to prod (1 of 2 valid)'));
    await stores.review.getState().comparePrevious('prod');
    expect(api.reviewComparePrevious).toHaveBeenLastCalledWith({ itemId: id, role: 'prod' });
    expect(stores.review.getState().compareErrors.prod?.message).toContain('not signed by enough');
    expect(stores.review.getState().confirmed[id]).toBe(true);

    const compared = makeReview({ notices: [{ severity: 'info', code: 'COMPARED_WITH_PREVIOUS', message: 'prod is compared with v1 from prod-v1.json' }] });
    api.reviewComparePrevious.mockReturnValueOnce(okR(compared));
    await stores.review.getState().comparePrevious('prod');
    expect(stores.review.getState().model).toEqual(compared);
    expect(stores.review.getState().compareErrors.prod).toBeUndefined();
    expect(stores.review.getState().comparing).toBeNull();
    // What the review shows changed: the earlier confirmation no longer covers it.
    expect(stores.review.getState().confirmed[id]).toBe(false);
    expect(stores.review.getState().reviewed[id]).toBeUndefined();

    // Another item shown while main checks the file: the compared item loses its confirmation all
    // the same, and the other item's screen is not touched.
    const other = 'item-' + 'd'.repeat(32);
    await confirmReview(stores);
    let answer: (v: unknown) => void = () => undefined;
    api.reviewComparePrevious.mockReturnValueOnce(new Promise((r) => (answer = r)) as never);
    const pending = stores.review.getState().comparePrevious('prod');
    expect(stores.review.getState().comparing).toEqual({ itemId: id, role: 'prod' });
    await stores.review.getState().load(other);
    answer({ ok: true, value: compared });
    await pending;
    expect(stores.review.getState().confirmed[id]).toBe(false);
    expect(stores.review.getState().itemId).toBe(other);
    expect(stores.review.getState().compareErrors).toEqual({});
    await stores.review.getState().load(id);
    const shown = stores.review.getState().model;

    // A closed dialog changes nothing.
    api.reviewComparePrevious.mockReturnValueOnce(failR('CANCELLED', 'closed'));
    await stores.review.getState().comparePrevious('prod');
    expect(stores.review.getState().model).toBe(shown);
    expect(stores.review.getState().compareErrors.prod).toBeUndefined();
  });

  it('cannot confirm an item whose review is not on screen', () => {
    const stores = createAppStores(createFakeApi());
    stores.review.getState().setConfirmed(makeItem().id, true);
    expect(stores.review.getState().confirmed[makeItem().id]).toBeUndefined();
  });

  it('records the sha256 of each reviewed role when the holder confirms', async () => {
    const stores = createAppStores(createFakeApi());
    await confirmReview(stores);
    expect(stores.review.getState().reviewed[makeItem().id]).toEqual([{ role: 'root', sha256: hex64('c0ffee') }]);
  });

  it('drops the confirmation when the review reloads with different bytes', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await confirmReview(stores);
    api.reviewGet.mockReturnValueOnce(okR(makeReview({ roles: [makeRole({ sha256: hex64('bad') })] })));
    await stores.review.getState().load(makeItem().id);
    expect(stores.review.getState().confirmed[makeItem().id]).toBe(false);
    expect(stores.review.getState().reviewed[makeItem().id]).toBeUndefined();
  });

  it('keeps the confirmation when the review reloads with the same bytes (another signature added)', async () => {
    const stores = createAppStores(createFakeApi());
    await confirmReview(stores);
    await stores.review.getState().load(makeItem().id);
    expect(stores.review.getState().confirmed[makeItem().id]).toBe(true);
  });
});

async function confirmReview(stores: ReturnType<typeof createAppStores>) {
  await stores.review.getState().load(makeItem().id);
  stores.review.getState().setConfirmed(makeItem().id, true);
}

describe('signing store', () => {
  it('sends the sha256 of the reviewed bytes with a key-file signature', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await confirmReview(stores);
    await stores.signing.getState().chooseKeyFile();
    await stores.signing.getState().signWithKeyFile(makeItem().id, 'hunter2');
    expect(api.signWithKeyFile).toHaveBeenCalledWith(expect.objectContaining({ reviewed: [{ role: 'root', sha256: hex64('c0ffee') }] }));
  });

  it('refuses to sign an item that was not confirmed as reviewed, without calling main', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await stores.review.getState().load(makeItem().id);
    await stores.signing.getState().chooseKeyFile();
    expect(await stores.signing.getState().signWithKeyFile(makeItem().id, 'hunter2')).toBeNull();
    stores.signing.getState().chooseToken({ tokenRef: `token-${'c'.repeat(32)}`, tokenKeyRef: `tokenkey-${'d'.repeat(32)}` });
    expect(await stores.signing.getState().signWithToken(makeItem().id, '123456')).toBeNull();
    expect(api.signWithKeyFile).not.toHaveBeenCalled();
    expect(api.signWithToken).not.toHaveBeenCalled();
    expect(stores.signing.getState().error).toMatchObject({ code: 'REVIEW_CHANGED', message: expect.stringContaining('I have reviewed this') });
  });

  it('signs with the chosen key file and passphrase, and never keeps the passphrase', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await confirmReview(stores);
    await stores.signing.getState().chooseKeyFile();
    const result = await stores.signing.getState().signWithKeyFile(makeItem().id, 'hunter2');
    expect(result?.keyName).toBe('JimiHendrix');
    expect(api.signWithKeyFile).toHaveBeenCalledWith(expect.objectContaining({ itemId: makeItem().id, keyFileRef: `keyfile-${'b'.repeat(32)}`, passphrase: 'hunter2' }));
    expect(JSON.stringify(stores.signing.getState())).not.toContain('hunter2');
    expect(stores.signing.getState().phase).toBe('done');
  });

  it('updates the review and the workspace item after a verified signature', async () => {
    const api = createFakeApi();
    api.workspaceList.mockReturnValue(okR([makeItem()]));
    const stores = createAppStores(api);
    await stores.workspace.getState().refresh();
    await confirmReview(stores);
    await stores.signing.getState().chooseKeyFile();
    await stores.signing.getState().signWithKeyFile(makeItem().id, 'hunter2');
    expect(stores.review.getState().model?.roles[0]?.met).toBe(true);
    expect(stores.workspace.getState().items[0]?.signaturesAdded).toBe(1);
    expect(api.auditList).toHaveBeenCalled();
  });

  it("shows the engine's wrong-passphrase sentence and stays ready for another try", async () => {
    const api = createFakeApi();
    api.signWithKeyFile.mockReturnValueOnce(failR('PASSPHRASE_WRONG', 'the passphrase for JH.ed25519 is wrong'));
    const stores = createAppStores(api);
    await confirmReview(stores);
    await stores.signing.getState().chooseKeyFile();
    expect(await stores.signing.getState().signWithKeyFile(makeItem().id, 'nope')).toBeNull();
    expect(stores.signing.getState()).toMatchObject({ phase: 'error', error: { code: 'PASSPHRASE_WRONG', message: 'the passphrase for JH.ed25519 is wrong' } });
    expect(stores.signing.getState().keyFile).not.toBeNull();
  });

  it('refuses to sign before a key is chosen, without calling main', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await stores.signing.getState().signWithKeyFile(makeItem().id, 'x');
    await stores.signing.getState().signWithToken(makeItem().id, '123456');
    expect(api.signWithKeyFile).not.toHaveBeenCalled();
    expect(api.signWithToken).not.toHaveBeenCalled();
    expect(stores.signing.getState().error?.code).toBe('USAGE');
  });

  it('lets the next holder start fresh', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await confirmReview(stores);
    await stores.signing.getState().chooseKeyFile();
    await stores.signing.getState().signWithKeyFile(makeItem().id, 'hunter2');
    stores.signing.getState().nextHolder();
    expect(stores.signing.getState()).toMatchObject({ keyFile: null, token: null, result: null, phase: 'idle', error: null });
  });

  it('signs with a token key and PIN, passing the role when one is chosen', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    const tokenRef = `token-${'c'.repeat(32)}`;
    const tokenKeyRef = `tokenkey-${'d'.repeat(32)}`;
    await confirmReview(stores);
    stores.signing.getState().setMethod('token');
    stores.signing.getState().chooseToken({ tokenRef, tokenKeyRef });
    stores.signing.getState().setRole('root');
    await stores.signing.getState().signWithToken(makeItem().id, '123456');
    expect(api.signWithToken).toHaveBeenCalledWith(expect.objectContaining({ tokenRef, tokenKeyRef, pin: '123456', role: 'root' }));
  });
});

describe('progress store', () => {
  it('keeps the latest event per operation and ignores events without one', () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    api.emitProgress({ operationId: 'sign-1', task: 'token', phase: 'start', message: 'Opening the token', completed: null, total: null });
    api.emitProgress({ operationId: 'sign-1', task: 'token', phase: 'touch', message: 'Touch your key', completed: null, total: null });
    api.emitProgress({ operationId: null, task: 'hash', phase: 'progress', message: 'x', completed: 1, total: 2 });
    expect(Object.keys(stores.progress.getState().byOperation)).toEqual(['sign-1']);
    expect(stores.progress.getState().byOperation['sign-1']?.phase).toBe('touch');
  });
});

describe('tokens store', () => {
  it('re-lists tokens when a device is plugged in', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    api.emitDevices({ change: 'attached', description: 'YubiKey 5 NFC' });
    await flush();
    expect(api.tokensList).toHaveBeenCalledTimes(1);
    expect(stores.tokens.getState().lastDeviceChange).toBe('YubiKey 5 NFC attached');
  });
});

describe('trust store', () => {
  it('pins a previewed candidate with the explicit confirmation', async () => {
    const api = createFakeApi();
    const root = { version: 1, expires: '2099-01-01T00:00:00Z', fingerprint: hex64('f'), threshold: 2, keys: [{ keyid: hex64('1'), name: 'A' }], sourceName: 'root.json' };
    api.trustPreview.mockReturnValueOnce(okR({ candidateId: `candidate-${'e'.repeat(32)}`, root, relation: 'first-pin' as const, replaces: null, warnings: [], overview: { keys: [], roles: [], specVersion: '1.0.31' } }));
    api.trustPin.mockReturnValueOnce(okR({ pinned: { ...root, pinnedAt: '2026-11-25T12:00:00Z' } }));
    const stores = createAppStores(api);
    await stores.trust.getState().preview({ from: 'dialog' });
    expect(await stores.trust.getState().pin(false)).toBe(true);
    expect(api.trustPin).toHaveBeenCalledWith({ candidateId: `candidate-${'e'.repeat(32)}`, confirm: true, acceptWarnings: false });
    expect(stores.trust.getState().state?.pinned?.version).toBe(1);
    expect(stores.trust.getState().candidate).toBeNull();
  });
});

describe('ceremony store', () => {
  it('builds the bootstrap input the contract expects, names trimmed and empty names left out', () => {
    const stores = createAppStores(createFakeApi());
    const s = stores.ceremony.getState();
    s.start('bootstrap');
    s.setBootstrap({ rootKeys: [{ keyid: hex64('1'), name: ' Janis ' }, { keyid: hex64('2'), name: '' }], rootThreshold: 2, onlineKeyId: hex64('3'), onlineKeyUri: ' fn:abc ' });
    const st = stores.ceremony.getState();
    expect(toCeremonyInput('bootstrap', st.bootstrap, st.update)).toEqual({
      ceremony: 'bootstrap',
      expirationDays: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
      delegation: { kind: 'bins', count: 256 },
      rootKeys: [{ keyid: hex64('1'), name: 'Janis' }, { keyid: hex64('2') }],
      rootThreshold: 2,
      onlineKey: { keyid: hex64('3'), uri: 'fn:abc' },
    });
  });

  it('leaves unchanged update fields out', () => {
    const stores = createAppStores(createFakeApi());
    const st = stores.ceremony.getState();
    expect(toCeremonyInput('update', st.bootstrap, { ...st.update, rootThreshold: '3' })).toEqual({ ceremony: 'update', base: { from: 'pinned' }, addKeys: [], removeKeys: [], rootThreshold: 3 });
  });

  it('puts validation messages at the input they name', () => {
    const v = {
      valid: false,
      changes: [],
      notices: [],
      summary: [],
      current: [],
      messages: [
        { rule: 'threshold-range', severity: 'error' as const, field: 'root.threshold', message: 'threshold 3 is more than the 2 root keys' },
        { rule: 'online-key-uri', severity: 'error' as const, field: 'online_key.uri', message: 'bad uri' },
        { rule: 'no-duplicate-keys', severity: 'error' as const, field: 'root.keys[1]', message: 'dup' },
      ],
    };
    expect(messagesFor(v, 'root.threshold').map((m) => m.message)).toEqual(['threshold 3 is more than the 2 root keys']);
    expect(messagesFor(v, 'online_key').map((m) => m.message)).toEqual(['bad uri']);
    expect(messagesFor(v, 'root.keys').map((m) => m.message)).toEqual(['dup']);
    expect(messagesFor(v, 'root.threshold2')).toEqual([]);
  });

  it('never sends main answers its contract refuses: the first step that breaks a rule is opened instead', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    const s = stores.ceremony.getState();
    s.start('bootstrap');
    s.setBootstrap({ rootKeys: [{ keyid: hex64('1'), name: 'Janis' }, { keyid: hex64('2'), name: 'Jimi' }] });
    expect(stores.ceremony.getState().bootstrap.rootThreshold).toBe(2);
    s.goToStep(3);
    expect(await stores.ceremony.getState().validate({ pinned: null })).toBeNull();
    expect(await stores.ceremony.getState().create({ pinned: null })).toBeNull();
    expect(api.ceremonyValidate).not.toHaveBeenCalled();
    expect(api.ceremonyCreate).not.toHaveBeenCalled();
    // Step 2 (the online key) is missing: the wizard goes back there and shows why.
    expect(stores.ceremony.getState().step).toBe(1);
    expect(stores.ceremony.getState().messagesAt('online_key', { pinned: null }).map((m) => m.rule)).toEqual(['keys-required']);
  });

  it('takes the short key id shown for fn: and names the online key', () => {
    const stores = createAppStores(createFakeApi());
    const s = stores.ceremony.getState();
    s.start('bootstrap');
    s.setBootstrap({ onlineKeyId: hex64('3'), onlineKeyName: ' Online ', onlineKeyUri: `fn:${hex64('3').slice(0, 8)}` });
    const st = stores.ceremony.getState();
    expect(toCeremonyInput('bootstrap', st.bootstrap, st.update).onlineKey).toEqual({ keyid: hex64('3'), name: 'Online', uri: `fn:${hex64('3')}` });
  });

  it('clears the wizard after the payload is created', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    stores.ceremony.getState().start('bootstrap');
    stores.ceremony.getState().setBootstrap({ rootKeys: [{ keyid: hex64('1'), name: 'Janis' }], onlineKeyId: hex64('3'), onlineKeyName: 'Online', onlineKeyUri: `fn:${hex64('3')}` });
    stores.ceremony.getState().goToStep(3);
    const item = await stores.ceremony.getState().create({ pinned: null });
    expect(item?.kind).toBe('bootstrap');
    expect(stores.ceremony.getState()).toMatchObject({ mode: null, step: 0 });
  });
});

describe('audit and keys stores', () => {
  it('reports what the export wrote', async () => {
    const api = createFakeApi();
    api.auditExport.mockReturnValueOnce(okR({ fileName: 'audit-2026.json', entries: 4 }));
    const stores = createAppStores(api);
    await stores.audit.getState().exportJson();
    expect(stores.audit.getState().message).toBe('Exported 4 entries to audit-2026.json.');
  });

  it('refreshes the key list after generating a key', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    const key = await stores.keys.getState().generate({ name: 'Alice', scheme: 'ed25519', passphrase: 'correct horse' });
    expect(key?.name).toBe('Alice');
    expect(api.keysList).toHaveBeenCalled();
    expect(stores.keys.getState().message).toContain('alice.key');
  });
});

describe('sign result role replaces only its role', () => {
  it('keeps other roles of the review', async () => {
    const api = createFakeApi();
    api.reviewGet.mockReturnValueOnce(okR({ itemId: makeItem().id, kind: 'sign-pending', kindLabel: 'x', roles: [makeRole(), makeRole({ role: 'prod', type: 'targets' })], notices: [], trust: { state: 'chained', message: 'x' }, source: 'review-model', review: null }));
    const stores = createAppStores(api);
    await stores.review.getState().load(makeItem().id);
    stores.review.getState().replaceRole(makeItem().id, makeSignResult().review);
    expect(stores.review.getState().model?.roles.map((r) => [r.role, r.met])).toEqual([
      ['root', true],
      ['prod', false],
    ]);
  });
});
