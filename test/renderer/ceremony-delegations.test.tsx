// Custom delegations in the bootstrap wizard against a fake SignerApi: the answers become the IPC
// contract's roles, each refused answer is named under its field by the CLI's rules before main is
// asked, and main's messages about a role land under that role's field.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/src/App.js';
import { createAppStores, StoresProvider } from '../../renderer/src/stores/context.js';
import { newRole, toCeremonyInput } from '../../renderer/src/stores/ceremony.js';
import { CeremonyInputSchema } from '../../shared/ipc/schemas.js';
import { createFakeApi, hex64, okR, type FakeApi } from './fake-api.js';

afterEach(cleanup);

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

const KEYS = [
  { keyid: hex64('1'), name: 'Janis', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'JJ.pub' },
  { keyid: hex64('2'), name: 'Jimi', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'JH.pub' },
  { keyid: hex64('3'), name: 'Online', keytype: 'ed25519', scheme: 'ed25519', origin: 'imported' as const, fileName: 'online.pub' },
];

/** The app on the Ceremonies screen, a bootstrap started and answered up to its delegation step. */
async function atDelegationStep(api: FakeApi) {
  api.keysList.mockReturnValue(okR(KEYS));
  const stores = createAppStores(api, 'ceremony');
  render(
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>,
  );
  await settle();
  fireEvent.click(screen.getByRole('button', { name: 'Start bootstrap' }));
  await settle();
  fireEvent.click(screen.getByRole('checkbox', { name: /Janis/ }));
  fireEvent.click(screen.getByRole('button', { name: 'Next: Online key' }));
  fireEvent.change(screen.getByLabelText('Online key'), { target: { value: hex64('3') } });
  fireEvent.change(screen.getByLabelText('Online key URI'), { target: { value: `fn:${hex64('3')}` } });
  fireEvent.click(screen.getByRole('button', { name: 'Next: Expiry and delegation' }));
  fireEvent.click(screen.getByRole('radio', { name: 'Custom delegations' }));
  return stores;
}

const description = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');

describe('bootstrap wizard: custom delegations', () => {
  it('turns the answers into the contract’s roles: one path per line, keys by key id, the online key for a role without keys', () => {
    const stores = createAppStores(createFakeApi(), 'ceremony');
    const s = stores.ceremony.getState();
    const bootstrap = {
      ...s.bootstrap,
      rootKeys: [{ keyid: hex64('1'), name: 'Janis' }],
      onlineKeyId: hex64('3'),
      onlineKeyUri: `fn:${hex64('3')}`,
      delegationKind: 'custom' as const,
      roles: [
        { ...newRole(), name: 'prod', paths: ' prod/*\n\nrelease/* \n', keys: [{ keyid: hex64('2'), name: 'Jimi' }, { keyid: hex64('1'), name: '' }], threshold: 2, expirePolicy: 30 },
        { ...newRole(), name: 'dev', paths: 'dev/*', terminating: false, numBins: 64 },
      ],
    };
    const input = toCeremonyInput('bootstrap', bootstrap, s.update);
    expect(input.ceremony === 'bootstrap' && input.delegation).toEqual({
      kind: 'custom',
      roles: [
        { name: 'prod', paths: ['prod/*', 'release/*'], terminating: true, keys: [{ keyid: hex64('2'), name: 'Jimi' }, { keyid: hex64('1') }], threshold: 2, expirePolicyDays: 30 },
        { name: 'dev', paths: ['dev/*'], terminating: false, keys: [], threshold: 1, expirePolicyDays: 1, numBins: 64 },
      ],
    });
    // What main's contract accepts, as it is.
    expect(CeremonyInputSchema.parse(input)).toEqual(input);
    // Hash bins stay the default.
    expect(toCeremonyInput('bootstrap', s.bootstrap, s.update)).toMatchObject({ delegation: { kind: 'bins', count: 256 } });
  });

  it('refuses each broken role under its field before main is asked, and focuses the first', async () => {
    const api = createFakeApi();
    await atDelegationStep(api);
    // The online key is what signs a role without keys: it is not offered as an offline key.
    const keys1 = screen.getByRole('group', { name: 'Role 1 keys' });
    expect(within(keys1).queryByRole('checkbox', { name: /Online/ })).toBeNull();
    fireEvent.click(within(keys1).getByRole('checkbox', { name: /Jimi/ }));
    fireEvent.change(screen.getByLabelText('Role 1 threshold'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a delegated role' }));
    fireEvent.change(screen.getByLabelText('Role 2 name'), { target: { value: 'targets' } });
    fireEvent.change(screen.getByLabelText('Role 2 threshold'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: Check and create' }));

    const name1 = screen.getByLabelText('Role 1 name');
    expect(document.activeElement).toBe(name1);
    expect(name1.getAttribute('aria-invalid')).toBe('true');
    expect(description(name1)).toContain('(role-name-pattern)');
    expect(description(screen.getByLabelText('Role 1 path patterns'))).toContain('a delegated role needs at least one path pattern, e.g. "prod/*" (paths-non-empty)');
    expect(description(screen.getByLabelText('Role 1 threshold'))).toContain('a threshold of 2 can never be met with 1 key; add keys or lower the threshold (threshold-range)');
    expect(description(screen.getByLabelText('Role 2 name'))).toContain('"targets" is the name of a top-level role or of RSTUF\'s hash bins; choose another name (role-name-reserved)');
    expect(description(screen.getByLabelText('Role 2 threshold'))).toContain('a role signed by the online key has threshold 1, not 2 (online-role-threshold)');
    expect(screen.getByRole('heading', { level: 2, name: 'Step 3: Expiry and delegation' })).toBeTruthy();
    expect(api.ceremonyValidate).not.toHaveBeenCalled();

    // Two roles of one name (RSTUF compares them lower-cased) are one too many.
    fireEvent.change(name1, { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Role 2 name'), { target: { value: 'dev' } });
    expect(description(screen.getByLabelText('Role 2 name'))).toContain('(role-name-unique)');

    // No role at all: the rule sits at "Add a delegated role", which takes the focus.
    fireEvent.click(screen.getAllByRole('button', { name: 'Remove role "dev"' })[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Remove role "dev"' }));
    expect(screen.queryByLabelText('Role 1 name')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Next: Check and create' }));
    const add = screen.getByRole('button', { name: 'Add a delegated role' });
    expect(document.activeElement).toBe(add);
    expect(description(add)).toContain('custom delegations need at least one role (bins-or-delegations)');
  });

  it('sends valid roles to main and shows main’s message about a role’s key under that key', async () => {
    const api = createFakeApi();
    api.ceremonyValidate.mockReturnValue(
      okR({ valid: false, changes: [], notices: [], summary: [], current: [], messages: [{ rule: 'no-duplicate-keys', severity: 'error' as const, field: 'delegations[0].keys[1]', message: '"Janis" is the same key as delegations[0].keys[0]' }] }),
    );
    const stores = await atDelegationStep(api);
    fireEvent.change(screen.getByLabelText('Role 1 name'), { target: { value: 'prod' } });
    fireEvent.change(screen.getByLabelText('Role 1 path patterns'), { target: { value: 'prod/*' } });
    const keys1 = screen.getByRole('group', { name: 'Role 1 keys' });
    fireEvent.click(within(keys1).getByRole('checkbox', { name: /Jimi/ }));
    fireEvent.click(within(keys1).getByRole('checkbox', { name: /Janis/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Next: Check and create' }));
    await settle();
    expect(api.ceremonyValidate).toHaveBeenCalledWith(
      expect.objectContaining({ delegation: { kind: 'custom', roles: [{ name: 'prod', paths: ['prod/*'], terminating: true, keys: [{ keyid: hex64('2'), name: 'Jimi' }, { keyid: hex64('1'), name: 'Janis' }], threshold: 1, expirePolicyDays: 1 }] } }),
    );
    expect(screen.getByRole('alert').textContent).toContain('(no-duplicate-keys, at delegations[0].keys[1])');
    // The way back leads to the delegation step, where the message sits under the key's name.
    fireEvent.click(screen.getByRole('button', { name: 'Back to step 3: Expiry and delegation' }));
    const janis = within(screen.getByRole('group', { name: 'Role 1 keys' })).getByRole('textbox', { name: /Name for Janis/ });
    expect(janis.getAttribute('aria-invalid')).toBe('true');
    expect(description(janis)).toContain('is the same key as delegations[0].keys[0]');
    expect(stores.ceremony.getState().bootstrap.roles).toHaveLength(1);
  });
});
