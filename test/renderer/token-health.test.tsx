// Token health where the holder picks a token: the Home screen's token list says the summary and
// shows a firmware danger as an alert; a token without health data says so and nothing more.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { App } from '../../renderer/src/App.js';
import { createAppStores, StoresProvider } from '../../renderer/src/stores/context.js';
import { createFakeApi, okR } from './fake-api.js';

afterEach(cleanup);

describe('token health in the token list', () => {
  it('shows the summary, a danger as an alert, and slot details on request', async () => {
    const api = createFakeApi();
    api.tokensList.mockReturnValue(
      okR({
        available: true,
        message: null,
        tokens: [
          {
            tokenRef: `token-${'1'.repeat(32)}`,
            label: 'YubiKey PIV #18158855',
            serial: '18158855',
            manufacturer: 'Yubico (www.yubico.com)',
            model: 'YubiKey YK5',
            keys: [],
            health: {
              known: true,
              summary: 'YubiKey YK5 #18158855, firmware 5.4.3: EUCLEAK (firmware older than 5.7)',
              notes: [
                { level: 'danger', message: 'YubiKey YK5 #18158855 runs firmware 5.4.3, older than 5.7: EUCLEAK ...' },
                { level: 'info', message: 'Slot 9c (Digital Signature): the PIN is asked for every signature; touch policy not reported over PKCS#11.' },
              ],
            },
          },
          {
            tokenRef: `token-${'2'.repeat(32)}`,
            label: 'rstuf',
            serial: '270ba14c7814e782',
            manufacturer: 'SoftHSM project',
            model: 'SoftHSM v2',
            keys: [],
            health: { known: false, summary: 'no health data (SoftHSM project SoftHSM v2 is not a YubiKey; firmware and slot checks apply to YubiKeys only)', notes: [{ level: 'info', message: 'No health data for rstuf.' }] },
          },
        ],
      }),
    );
    const stores = createAppStores(api, 'home');
    render(
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>,
    );
    await act(async () => {
      await stores.tokens.getState().refresh();
    });
    const [yubikey, softhsm] = screen.getAllByTestId('token-health');
    expect(yubikey!.textContent).toContain('Health: YubiKey YK5 #18158855, firmware 5.4.3: EUCLEAK (firmware older than 5.7)');
    expect(screen.getByRole('alert').textContent).toContain('runs firmware 5.4.3, older than 5.7');
    expect(yubikey!.querySelector('details')?.textContent).toContain('Slot 9c (Digital Signature)');
    expect(softhsm!.textContent).toBe('Health: no health data (SoftHSM project SoftHSM v2 is not a YubiKey; firmware and slot checks apply to YubiKeys only)');
  });
});
