// "Change answers" for an item a wizard built (issue 16): the wizard opens again with every answer
// kept, and building it again replaces this item. Signatures made on the old payload would be lost
// with it (they sign its bytes), so an item carrying any asks first; nothing is dropped until then.
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import type { WorkspaceItem } from '../../../../shared/ipc/schemas.js';
import { FileText } from '../../components/FileText.js';

export const signaturesWord = (n: number): string => `${n} ${n === 1 ? 'signature' : 'signatures'}`;

export function ChangeAnswers({ item }: { item: WorkspaceItem }) {
  const { ceremony, navigation } = useStores();
  const kept = useStore(ceremony, (s) => s.answers[item.id]);
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  // Focus moves to "Keep the signatures": a second Enter never drops them.
  useEffect(() => {
    if (asking) keepRef.current?.focus();
  }, [asking]);
  if (!kept) return null;
  const wizard = kept.mode === 'bootstrap' ? 'bootstrap wizard' : 'metadata update wizard';
  const signed = item.signaturesAdded;
  const open = () => {
    ceremony.getState().changeAnswers(item.id);
    navigation.getState().go('ceremony');
  };
  return (
    <section className="card" aria-labelledby={headingId} data-testid="change-answers">
      <h2 id={headingId}>Built in the {wizard}</h2>
      <p>To fix an answer (a key, a threshold, an expiry, a delegation, the online key), change the answers: the wizard opens with every answer kept, and building it again replaces this item.</p>
      {asking ? (
        <div className="notice warning" role="group" aria-label="Drop the signatures?">
          <p>
            <FileText text={item.displayName} /> carries {signaturesWord(signed)} made here. A changed payload has other bytes, so building it again drops {signed === 1 ? 'that signature' : 'those signatures'}: the key holders sign the new payload instead.
          </p>
          <div className="row">
            <button type="button" ref={keepRef} onClick={() => setAsking(false)}>
              Keep the {signed === 1 ? 'signature' : 'signatures'}
            </button>
            <button type="button" className="danger" onClick={open}>
              Change answers and drop {signaturesWord(signed)}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => (signed > 0 ? setAsking(true) : open())}>
          Change answers
        </button>
      )}
    </section>
  );
}
