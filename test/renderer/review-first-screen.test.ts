// The review store shows the first-screen review (no signature status) at once, then the full one;
// nothing can be confirmed, so nothing signed, from a review whose signatures are not checked.
import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/stores/context.js';
import type { IpcResult } from '../../shared/ipc/result.js';
import type { ReviewModel } from '../../shared/ipc/schemas.js';
import { createFakeApi, makeItem, makeReview, makeRole, okR } from './fake-api.js';

const firstScreen = () => makeReview({ roles: [makeRole({ signaturesChecked: false, sha256: null, canonicalBytes: null, thresholds: [], met: false, signingRefused: 'still being checked' })] });

describe('review store: first screen, then signature status', () => {
  it('asks for the first screen, shows it, then replaces it with the checked review', async () => {
    const api = createFakeApi();
    let release: (r: IpcResult<ReviewModel>) => void = () => {};
    api.reviewGet.mockReturnValueOnce(okR(firstScreen())).mockReturnValueOnce(new Promise((r) => (release = r)));
    const stores = createAppStores(api);
    const loading = stores.review.getState().load(makeItem().id);
    await new Promise((r) => setTimeout(r, 0));
    expect(api.reviewGet.mock.calls.map((c) => c[0])).toEqual([{ itemId: makeItem().id, firstScreen: true }, { itemId: makeItem().id }]);
    expect(stores.review.getState().model?.roles[0]?.signaturesChecked).toBe(false);
    // While the signatures are checked, the holder cannot confirm, and no badge says "waiting".
    stores.review.getState().setConfirmed(makeItem().id, true);
    expect(stores.review.getState().confirmed[makeItem().id]).toBeUndefined();
    expect(stores.review.getState().metByItem[makeItem().id]).toBeUndefined();
    release({ ok: true, value: makeReview() });
    await loading;
    expect(stores.review.getState().model?.roles[0]?.signaturesChecked).toBe(true);
    stores.review.getState().setConfirmed(makeItem().id, true);
    expect(stores.review.getState().reviewed[makeItem().id]).toEqual([{ role: 'root', sha256: makeRole().sha256 }]);
  });

  it('asks once when the first answer already has the signature status', async () => {
    const api = createFakeApi();
    const stores = createAppStores(api);
    await stores.review.getState().load(makeItem().id);
    expect(api.reviewGet).toHaveBeenCalledTimes(1);
    expect(stores.review.getState().model?.roles[0]?.signaturesChecked).toBe(true);
  });
});
