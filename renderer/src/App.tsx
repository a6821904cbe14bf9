// The app frame: a skip link, the screen list (keyboard reachable, current screen marked), and the
// current screen in <main>. Moving to another screen moves focus to its heading, so keyboard and
// screen-reader users land where the new content starts.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { SCREENS, SCREEN_LABELS, type Screen } from './stores/navigation.js';
import { useStores } from './stores/context.js';
import { HomeScreen } from './features/home/HomeScreen.js';
import { ReviewScreen } from './features/review/ReviewScreen.js';
import { SignScreen } from './features/sign/SignScreen.js';
import { ExportScreen } from './features/export/ExportScreen.js';
import { CeremonyScreen } from './features/ceremony/CeremonyScreen.js';
import { KeysScreen } from './features/keys/KeysScreen.js';
import { AuditScreen } from './features/audit/AuditScreen.js';
import { ScanScreen } from './features/qr-scan/ScanScreen.js';
import { ChooserDialog } from './features/chooser/ChooserDialog.js';

const SCREEN_COMPONENTS: Record<Screen, () => React.JSX.Element> = {
  home: HomeScreen,
  review: ReviewScreen,
  sign: SignScreen,
  export: ExportScreen,
  ceremony: CeremonyScreen,
  keys: KeysScreen,
  audit: AuditScreen,
  scan: ScanScreen,
};

export function App() {
  const { navigation, chooser } = useStores();
  // While main's chooser is open (browser shell), the rest of the app is inert: Tab stays in the dialog.
  const chooserOpen = useStore(chooser, (s) => s.view !== null);
  const screen = useStore(navigation, (s) => s.screen);
  const go = useStore(navigation, (s) => s.go);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [screen]);

  const Current = SCREEN_COMPONENTS[screen];
  return (
    <div className="app">
      <a className="skip-link" href="#main" inert={chooserOpen}>
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Screens" inert={chooserOpen}>
        <p className="brand">
          RSTUF Offline Signer
          <small>for offline TUF keys</small>
        </p>
        <span className="offline-badge">Offline: no network</span>
        <ul className="nav-list">
          {SCREENS.map((s, i) => (
            <li key={s}>
              <button type="button" className="nav-button" aria-current={s === screen ? 'page' : undefined} onClick={() => go(s)}>
                <span className="nav-step" aria-hidden="true">
                  {i + 1}
                </span>
                {SCREEN_LABELS[s]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="main" id="main" ref={mainRef} tabIndex={-1} inert={chooserOpen}>
        <Current />
      </main>
      <ChooserDialog />
    </div>
  );
}
