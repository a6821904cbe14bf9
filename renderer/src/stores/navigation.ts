// Which screen is showing. Plain state (no URL routing): Electron denies every navigation, and the
// screens are steps of one ceremony rather than pages.
import { createStore } from 'zustand/vanilla';

export const SCREENS = ['home', 'review', 'sign', 'export', 'ceremony', 'keys', 'audit', 'scan'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_LABELS: Record<Screen, string> = {
  home: 'Home',
  review: 'Review',
  sign: 'Sign',
  export: 'Export',
  ceremony: 'Ceremonies',
  keys: 'Keys',
  audit: 'Audit log',
  scan: 'Scan QR codes',
};

export interface NavigationState {
  screen: Screen;
  go(screen: Screen): void;
}

export const createNavigationStore = (initial: Screen = 'home') =>
  createStore<NavigationState>()((set) => ({
    screen: initial,
    go: (screen) => set({ screen }),
  }));

export type NavigationStore = ReturnType<typeof createNavigationStore>;
