// Property-based tests of the IPC dispatcher (main/services/dispatcher.ts), the one door from the
// renderer into main: any channel name and any argument the renderer could send resolve to an
// IpcResult, never a throw and never an INTERNAL error (which would mean a service crashed), and
// arbitrary dropped files are imported or refused with a domain error code.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/ipc/channels.js';
import type { IpcResult } from '../../../shared/ipc/result.js';
import { makeTestApp } from '../../helpers/desktop-app.js';
import { buildCorpus } from '../../helpers/hostile-corpus.js';
import { applyEdit, editArb } from '../../helpers/hostile-mutate.js';
import { cliFixture } from '../../helpers/fixtures.js';
import { join } from 'node:path';

const app = makeTestApp();
afterAll(() => app.cleanup());
const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);

function expectWellFormed(result: IpcResult<unknown>): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expect(result.error.code).toMatch(/^[A-Z_]+$/);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.code).not.toBe('INTERNAL');
  }
}

// Arguments a compromised renderer could send: anything structured-clone can carry, plus
// prototype-pollution shapes and near-valid requests with one field wrong.
const hostileArg = fc.oneof(
  fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }),
  fc.constantFrom(undefined, null, {}, [], '__proto__', { __proto__: { ok: true } }, JSON.parse('{"__proto__": {"polluted": 1}}'), { constructor: { prototype: { polluted: 1 } } }),
  fc.record({ itemId: fc.oneof(fc.string(), fc.constant(`item-${'0'.repeat(32)}`)), operationId: fc.string(), role: fc.string(), path: fc.string() }, { requiredKeys: [] }),
);

describe('IPC dispatcher under hostile calls', () => {
  it('any channel name resolves to IPC_UNKNOWN_CHANNEL unless it is a signer channel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toString', 'constructor', 'signer:', 'signer:workspace.list '), fc.anything({ maxDepth: 1 })), async (channel) => {
        const result = await app.call(channel as string, undefined);
        if ((CHANNEL_NAMES as readonly unknown[]).includes(channel)) return;
        expect(result).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
      }),
      { numRuns: RUNS },
    );
  });

  it('any argument on any channel resolves to a well-formed result, never INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), hostileArg, async (channel, arg) => {
        expectWellFormed(await app.call(channel, arg));
      }),
      { numRuns: RUNS * 3 },
    );
    expect(app.internalErrors).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('dropped files with any single edit are imported (and reviewable) or refused with a domain code', async () => {
    const bases = ['sign_pending_roles.json', 'ceremony.json', 'update.json', 'v1.json'].map((f) => JSON.parse(readFileSync(cliFixture(f), 'utf8')));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), editArb, async (base, edit) => {
        const bytes = Buffer.from(JSON.stringify(applyEdit(base, edit)) ?? '');
        const result = await app.call('signer:workspace.importDropped', { files: [{ path: 'pending.json', contentBase64: bytes.toString('base64') }] });
        expectWellFormed(result);
        if (result.ok) {
          const item = result.value as { id: string };
          expectWellFormed(await app.call('signer:review.get', { itemId: item.id }));
          expectWellFormed(await app.call('signer:workspace.remove', { itemId: item.id }));
        }
      }),
      { numRuns: RUNS },
    );
    expect(app.internalErrors).toEqual([]);
  });

  it('every file of the hostile corpus dropped into the app is refused with the same code as the engine gives', async () => {
    const corpus = buildCorpus(join(app.root, 'corpus'));
    for (const c of corpus.cases.filter((x) => x.stage === 'load' && x.name !== 'huge-65mb')) {
      const bytes = readFileSync(c.file);
      const result = await app.call('signer:workspace.importDropped', { files: [{ path: `${c.name}.json`, contentBase64: bytes.toString('base64') }] });
      expect(result, c.name).toMatchObject({ ok: false, error: { code: c.code } });
      expect((result as { error: { message: string } }).error.message, c.name).toMatch(c.words);
    }
    expect(app.internalErrors).toEqual([]);
  });
});
