// What runs inside the secret prompt (secret-window.ts), kept free of Electron imports so plain-Node
// tests drive it with a fake document: submit sends the field once and clears it; Cancel or Escape
// sends a cancel. A passphrase being chosen (a second field) is sent only when both fields agree and
// it is long enough; otherwise the prompt says why and stays open.

import { passphraseLength } from '../../../shared/keys/passphrase.js';

/** The one message the prompt's preload sends: the typed secret, or a cancel. */
export const SECRET_ANSWER_CHANNEL = 'signer:secret-prompt.answer';

export type SecretAnswer = { secret: string } | { cancelled: true };

// Structural types (main's tsconfig has no DOM library): what the page's elements offer.
type PageEvent = { preventDefault(): void; key?: string };
type Listens = { addEventListener(type: string, listener: (event: PageEvent) => void): void };

export function wirePrompt(doc: { getElementById(id: string): unknown; querySelector?(selector: string): unknown }, send: (answer: SecretAnswer) => void): void {
  const form = doc.getElementById('secret-form') as Listens | null;
  const field = doc.getElementById('secret') as (Listens & { value: string }) | null;
  const cancel = doc.getElementById('cancel') as Listens | null;
  const again = doc.getElementById('secret-again') as { value: string } | null;
  const error = doc.getElementById('secret-error') as { textContent: string | null } | null;
  const minLength = Number((doc.querySelector?.('meta[name="min-length"]') as { content?: string } | null)?.content ?? 0);
  if (!form || !field || !cancel) return;
  let sent = false;
  const once = (answer: SecretAnswer): void => {
    if (sent) return;
    sent = true;
    field.value = '';
    send(answer);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (again) {
      const problem = passphraseLength(field.value) < minLength ? `Use at least ${minLength} characters.` : again.value !== field.value ? 'The two passphrases differ.' : null;
      if (problem) {
        if (error) error.textContent = problem;
        return;
      }
      again.value = '';
    }
    once({ secret: field.value });
  });
  cancel.addEventListener('click', () => once({ cancelled: true }));
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') once({ cancelled: true });
  });
}
