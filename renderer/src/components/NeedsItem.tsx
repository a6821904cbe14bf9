// Shown on screens that work on an imported item when nothing is imported yet.
import { useStore } from 'zustand';
import { useStores } from '../stores/context.js';

export function NeedsItem({ what }: { what: string }) {
  const { navigation } = useStores();
  const go = useStore(navigation, (s) => s.go);
  return (
    <div className="card">
      <p>Nothing is open yet. Import a bundle or an RSTUF file first, then {what}.</p>
      <button type="button" className="primary" onClick={() => go('home')}>
        Go to Home to import
      </button>
    </div>
  );
}
