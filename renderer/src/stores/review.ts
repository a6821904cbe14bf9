// The review of the current item: what changes, warnings, who has signed; the canonical JSON (loaded
// page by page only when asked for); and the holder's explicit "I have reviewed this" per item.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { ArtifactList, ArtifactListRequest, ReviewedRole, ReviewModel, RoleReview, WorkspaceItem } from '../../../shared/ipc/schemas.js';
import { call, newOperationId } from './operation.js';
import { roleStanding, type RoleStanding } from '../../../shared/review/words.js';

export interface CanonicalView {
  text: string;
  sha256: string;
  totalChars: number;
  nextOffset: number | null;
  loading: boolean;
  error: IpcError | null;
}

/** What the holder browses in a targets role's artifacts. */
export interface ArtifactQuery {
  page: number;
  include: ArtifactListRequest['include'];
  status?: ArtifactListRequest['status'] | undefined;
  /** Only paths containing this text. */
  query?: string | undefined;
}

export interface ArtifactView {
  query: ArtifactQuery;
  list: ArtifactList | null;
  loading: boolean;
  error: IpcError | null;
}

/** Artifacts per page: enough to scan, small enough to render at once. */
export const ARTIFACT_PAGE_SIZE = 100;

export interface ReviewState {
  itemId: string | null;
  model: ReviewModel | null;
  /** Where each role stands (shared roleStanding: met, signed online, waits elsewhere, waiting), per item, from the last review seen of it (Home reads it). */
  metByItem: Record<string, Record<string, RoleStanding>>;
  loading: boolean;
  error: IpcError | null;
  /** Canonical JSON per role, present once the holder opened it. */
  canonical: Record<string, CanonicalView>;
  /** Artifact browsing per role, present once the holder opened it. */
  artifacts: Record<string, ArtifactView>;
  /** The delegated role whose current version is being chosen and checked (one at a time). */
  comparing: { itemId: string; role: string } | null;
  /** The last refusal per role of the item on screen (cleared when another item is shown). */
  compareErrors: Record<string, IpcError>;
  /** Item ids the holder confirmed as reviewed; confirmation is dropped when the item changes. */
  confirmed: Record<string, boolean>;
  /**
   * Per confirmed item: each role with the sha256 of the canonical bytes the review showed when the
   * holder confirmed. Sign requests carry it, and main refuses to sign bytes that hash differently.
   */
  reviewed: Record<string, ReviewedRole[]>;
  load(itemId: string): Promise<void>;
  showCanonical(role: string): Promise<void>;
  loadMoreCanonical(role: string): Promise<void>;
  hideCanonical(role: string): void;
  browseArtifacts(role: string, query: ArtifactQuery): Promise<void>;
  closeArtifacts(role: string): void;
  /**
   * Main's dialog picks the current version of a delegated role; once main has checked it, the
   * review compares with it. The holder's confirmation is dropped: what the review shows changed.
   */
  comparePrevious(role: string): Promise<void>;
  /** Takes out a signature RSTUF would refuse the payload for (main checks it is one), then reloads. */
  dropSignature(role: string, keyid: string): Promise<void>;
  /** The last refusal to drop a signature, per role of the item on screen. */
  dropErrors: Record<string, IpcError>;
  /** Confirming needs the item's review on screen (its hashes are what the confirmation covers). */
  setConfirmed(itemId: string, confirmed: boolean): void;
  /** After a signature: main returns the role's new review. */
  replaceRole(itemId: string, role: RoleReview): void;
  /** Another key holder is at the laptop: no item counts as reviewed until they confirm it themselves. */
  dropConfirmations(): void;
  /** The item was closed: forget its confirmation (and its review, if it is the one loaded). */
  forget(itemId: string): void;
}

/** Characters of canonical JSON fetched per page: enough to read, small enough to render at once. */
export const CANONICAL_PAGE_CHARS = 200_000;

// A first-screen review (signatures not checked yet) has no hashes: it covers nothing.
const reviewedOf = (model: ReviewModel): ReviewedRole[] => model.roles.flatMap((r) => (r.sha256 === null ? [] : [{ role: r.role, sha256: r.sha256 }]));
const allChecked = (model: ReviewModel) => model.roles.every((r) => r.signaturesChecked);
const sameReview = (a: ReviewedRole[], b: ReviewedRole[]) => a.length === b.length && a.every((r, i) => r.role === b[i]?.role && r.sha256 === b[i]?.sha256);

export function createReviewStore(api: SignerApi, hooks: { onItemChanged?: (item: WorkspaceItem) => void } = {}) {
  const store = createStore<ReviewState>()((set, get) => {
    const fetchCanonical = async (role: string, offset: number) => {
      const itemId = get().itemId;
      if (!itemId) return;
      set((s) => ({
        canonical: { ...s.canonical, [role]: { ...(s.canonical[role] ?? { text: '', sha256: '', totalChars: 0, nextOffset: null, error: null }), loading: true, error: null } },
      }));
      const outcome = await call(() => api.reviewCanonical({ itemId, role, offset, limit: CANONICAL_PAGE_CHARS, operationId: newOperationId('canonical') }));
      if (get().itemId !== itemId) return;
      set((s) => {
        const before = s.canonical[role];
        if (!before) return {};
        if (outcome.kind === 'ok') {
          const page = outcome.value;
          const text = offset === 0 ? page.text : before.text + page.text;
          return { canonical: { ...s.canonical, [role]: { text, sha256: page.sha256, totalChars: page.totalChars, nextOffset: page.nextOffset, loading: false, error: null } } };
        }
        return { canonical: { ...s.canonical, [role]: { ...before, loading: false, error: outcome.kind === 'error' ? outcome.error : null } } };
      });
    };

    return {
      itemId: null,
      model: null,
      metByItem: {},
      loading: false,
      error: null,
      canonical: {},
      artifacts: {},
      comparing: null,
      compareErrors: {},
      dropErrors: {},
      confirmed: {},
      reviewed: {},
      load: async (itemId) => {
        const same = get().itemId === itemId;
        set({ itemId, loading: true, error: null, canonical: same ? get().canonical : {}, artifacts: same ? get().artifacts : {}, compareErrors: same ? get().compareErrors : {}, dropErrors: same ? get().dropErrors : {}, model: same ? get().model : null });
        // First everything but the signature status (a 100,000-artifact role's checks take most of
        // its review), shown at once; then the full review replaces it.
        let outcome = await call(() => api.reviewGet({ itemId, firstScreen: true }));
        if (get().itemId !== itemId) return;
        if (outcome.kind === 'ok' && !allChecked(outcome.value)) {
          set({ model: outcome.value });
          outcome = await call(() => api.reviewGet({ itemId }));
          if (get().itemId !== itemId) return;
        }
        if (outcome.kind === 'ok') {
          const model = outcome.value;
          set((s) => {
            const before = s.reviewed[itemId];
            // The content changed since the holder confirmed: that confirmation no longer covers it.
            if (before && !sameReview(before, reviewedOf(model))) {
              const { [itemId]: _dropped, ...reviewed } = s.reviewed;
              return { model, loading: false, confirmed: { ...s.confirmed, [itemId]: false }, reviewed };
            }
            return { model, loading: false };
          });
        }
        else set({ loading: false, error: outcome.kind === 'error' ? outcome.error : null });
      },
      showCanonical: (role) => fetchCanonical(role, 0),
      loadMoreCanonical: async (role) => {
        const next = get().canonical[role]?.nextOffset;
        if (next === null || next === undefined) return;
        await fetchCanonical(role, next);
      },
      hideCanonical: (role) =>
        set((s) => {
          const { [role]: _gone, ...rest } = s.canonical;
          return { canonical: rest };
        }),
      browseArtifacts: async (role, query) => {
        const itemId = get().itemId;
        if (!itemId) return;
        set((s) => ({ artifacts: { ...s.artifacts, [role]: { query, list: s.artifacts[role]?.list ?? null, loading: true, error: null } } }));
        const outcome = await call(() =>
          api.reviewArtifacts({ itemId, role, page: query.page, pageSize: ARTIFACT_PAGE_SIZE, include: query.include, ...(query.status ? { status: query.status } : {}), ...(query.query ? { query: query.query.slice(0, 1024) } : {}) }),
        );
        if (get().itemId !== itemId) return;
        set((s) => {
          const view = s.artifacts[role];
          // A newer query for this role was started meanwhile: keep its state.
          if (!view || view.query !== query) return {};
          if (outcome.kind === 'ok') return { artifacts: { ...s.artifacts, [role]: { query: { ...query, page: outcome.value.page }, list: outcome.value, loading: false, error: null } } };
          return { artifacts: { ...s.artifacts, [role]: { ...view, loading: false, error: outcome.kind === 'error' ? outcome.error : null } } };
        });
      },
      closeArtifacts: (role) =>
        set((s) => {
          const { [role]: _gone, ...rest } = s.artifacts;
          return { artifacts: rest };
        }),
      comparePrevious: async (role) => {
        const itemId = get().itemId;
        if (!itemId || get().comparing !== null) return;
        set((s) => {
          const { [role]: _old, ...compareErrors } = s.compareErrors;
          return { comparing: { itemId, role }, compareErrors };
        });
        const outcome = await call(() => api.reviewComparePrevious({ itemId, role }));
        set({ comparing: null });
        if (outcome.kind === 'ok') {
          // Main now compares this item with the chosen version, whichever item is on screen: what
          // its review shows changed, so an earlier confirmation of it no longer counts.
          set((s) => {
            const { [itemId]: _reviewed, ...reviewed } = s.reviewed;
            return { confirmed: { ...s.confirmed, [itemId]: false }, reviewed };
          });
        }
        if (get().itemId !== itemId) return;
        if (outcome.kind === 'ok') {
          set((s) => {
            // The artifact list of this role now shows changes, not additions: browse it afresh.
            const { [role]: _list, ...artifacts } = s.artifacts;
            return { model: outcome.value, artifacts };
          });
        } else if (outcome.kind === 'error') {
          set((s) => ({ compareErrors: { ...s.compareErrors, [role]: outcome.error } }));
        }
      },
      dropSignature: async (role, keyid) => {
        const itemId = get().itemId;
        if (!itemId) return;
        set((s) => {
          const { [role]: _old, ...dropErrors } = s.dropErrors;
          return { dropErrors };
        });
        const outcome = await call(() => api.signDropSignature({ itemId, role, keyid }));
        if (outcome.kind === 'ok') {
          hooks.onItemChanged?.(outcome.value);
          if (get().itemId === itemId) await get().load(itemId);
        } else if (outcome.kind === 'error' && get().itemId === itemId) {
          set((s) => ({ dropErrors: { ...s.dropErrors, [role]: outcome.error } }));
        }
      },
      setConfirmed: (itemId, confirmed) =>
        set((s) => {
          const { [itemId]: _previous, ...others } = s.reviewed;
          if (!confirmed) return { confirmed: { ...s.confirmed, [itemId]: false }, reviewed: others };
          // Nothing can be confirmed that is not on screen: no review loaded for this item, no confirmation.
          // Nor before its signatures are checked: the confirmation covers the hashes of the full review.
          if (!s.model || s.model.itemId !== itemId || !allChecked(s.model)) return {};
          return { confirmed: { ...s.confirmed, [itemId]: true }, reviewed: { ...others, [itemId]: reviewedOf(s.model) } };
        }),
      replaceRole: (itemId, role) =>
        set((s) => {
          if (!s.model || s.model.itemId !== itemId) return {};
          return { model: { ...s.model, roles: s.model.roles.map((r) => (r.role === role.role ? role : r)) } };
        }),
      dropConfirmations: () => set((s) => ({ confirmed: Object.fromEntries(Object.keys(s.confirmed).map((id) => [id, false])), reviewed: {} })),
      forget: (itemId) =>
        set((s) => {
          const { [itemId]: _confirmed, ...confirmed } = s.confirmed;
          const { [itemId]: _reviewed, ...reviewed } = s.reviewed;
          const { [itemId]: _met, ...metByItem } = s.metByItem;
          if (s.itemId !== itemId) return { confirmed, reviewed, metByItem };
          return { confirmed, reviewed, metByItem, itemId: null, model: null, loading: false, error: null, canonical: {}, artifacts: {}, compareErrors: {}, dropErrors: {} };
        }),
    };
  });
  // Every review seen (loaded, or updated by a signature) says which roles still wait for signatures.
  store.subscribe((s, prev) => {
    if (!s.model || s.model === prev.model || !allChecked(s.model)) return;
    store.setState({ metByItem: { ...s.metByItem, [s.model.itemId]: Object.fromEntries(s.model.roles.map((r) => [r.role, roleStanding(r.thresholds, r.met)])) } });
  });
  return store;
}

export type ReviewStore = ReturnType<typeof createReviewStore>;
