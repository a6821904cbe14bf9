// Builds every store from one injected SignerApi and hands them to components through context.
// Tests call createAppStores(fakeApi); the app calls it with window.signer (api/signer-api.ts).
import { createContext, useContext, type ReactNode } from 'react';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import { createAuditStore } from './audit.js';
import { createCeremonyStore } from './ceremony.js';
import { createChooserStore } from './chooser.js';
import { createExportStore } from './export.js';
import { createKeysStore } from './keys.js';
import { createNavigationStore, type Screen } from './navigation.js';
import { createProgressStore } from './progress.js';
import { createReviewStore } from './review.js';
import { createSigningStore } from './signing.js';
import { createTokensStore } from './tokens.js';
import { createTrustStore } from './trust.js';
import { createWorkspaceStore } from './workspace.js';

export function createAppStores(api: SignerApi, initialScreen: Screen = 'home') {
  // Per-item state (review confirmation, sign result and error) is kept by item id in the review and
  // signing stores, so it shows only on its own item; closing an item forgets it there too.
  const workspace = createWorkspaceStore(api, {
    onRemoved: (itemId) => {
      review.getState().forget(itemId);
      signing.getState().forget(itemId);
      ceremony.getState().forget(itemId);
    },
  });
  const review = createReviewStore(api, { onItemChanged: (item) => workspace.getState().replaceItem(item) });
  const audit = createAuditStore(api);
  const signing = createSigningStore(api, {
    onSigned: (result) => {
      workspace.getState().replaceItem(result.item);
      review.getState().replaceRole(result.itemId, result.review);
      void audit.getState().load();
    },
    reviewedFor: (itemId) => (review.getState().confirmed[itemId] === true ? review.getState().reviewed[itemId] : undefined),
  });
  const ceremony = createCeremonyStore(api);
  return {
    api,
    navigation: createNavigationStore(initialScreen),
    progress: createProgressStore(api),
    workspace,
    review,
    signing,
    export: createExportStore(api),
    tokens: createTokensStore(api),
    trust: createTrustStore(api),
    ceremony,
    keys: createKeysStore(api),
    audit,
    chooser: createChooserStore(api),
  };
}

export type AppStores = ReturnType<typeof createAppStores>;

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores() outside <StoresProvider>');
  return stores;
}
