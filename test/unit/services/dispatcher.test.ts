// The dispatcher is the trust boundary between renderer and main: every argument arrives as
// `unknown` and is either parsed by the channel's schema or refused with a code, and nothing is
// ever thrown across. Fake services record whether they were reached.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignerError } from '../../../shared/errors.js';
import { CHANNEL_NAMES, CHANNELS, type ChannelKey } from '../../../shared/ipc/channels.js';
import { CancelledError } from '../../../main/services/cancelled.js';
import { ReviewChangedError } from '../../../main/services/review-check.js';
import type { AppServices } from '../../../main/services/services.js';
import { createDispatcher } from '../../../main/services/dispatcher.js';

const ITEM = `item-${'a'.repeat(32)}`;
const KEYFILE = `keyfile-${'b'.repeat(32)}`;
const REVIEWED = [{ role: 'root', sha256: 'a'.repeat(64) }];

function fakeServices(impl: Partial<Record<ChannelKey, (req: unknown) => unknown>> = {}) {
  const reached: { channel: ChannelKey; request: unknown }[] = [];
  const services = new Proxy({} as AppServices, {
    get(_t, prop: string) {
      return async (request: unknown) => {
        reached.push({ channel: prop as ChannelKey, request });
        const f = impl[prop as ChannelKey];
        if (!f) throw new Error(`no fake for ${prop}`);
        return f(request);
      };
    },
  });
  const logged: unknown[] = [];
  return { reached, logged, dispatcher: createDispatcher(services, { logError: (_c, e) => logged.push(e) }) };
}

const APP_INFO = { name: 'RSTUF Offline Signer', version: '1.0.0', shell: 'test' as const, questions: 'page' as const };

describe('createDispatcher', () => {
  describe('channel names', () => {
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'signer:app.info ', 'SIGNER:APP.INFO', 'signer:app', 'appInfo', '', 'signer:../app.info'])('refuses %j as IPC_UNKNOWN_CHANNEL without reaching a service', async (channel) => {
      const { dispatcher, reached } = fakeServices();
      const result = await dispatcher.handle(channel, undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
      expect(reached).toEqual([]);
    });

    it.each([undefined, null, 42, {}, ['signer:app.info'], Symbol('x')])('refuses a non-string channel %#', async (channel) => {
      const { dispatcher } = fakeServices();
      expect(await dispatcher.handle(channel, undefined)).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    });
  });

  describe('hostile arguments', () => {
    const cases: [string, string, unknown][] = [
      ['a path instead of a dialog', CHANNELS.workspaceImportWithDialog, { pick: 'file', path: '/etc/passwd' }],
      ['a __proto__ key', CHANNELS.workspaceImportWithDialog, JSON.parse('{"pick":"file","__proto__":{"polluted":true}}')],
      ['a constructor key', CHANNELS.reviewGet, JSON.parse(`{"itemId":"${ITEM}","constructor":{"prototype":{"x":1}}}`)],
      ['a prototype key', CHANNELS.reviewGet, { itemId: ITEM, prototype: 1 }],
      ['a path as item id', CHANNELS.reviewGet, { itemId: '../../etc/passwd' }],
      ['an item id with a suffix', CHANNELS.reviewGet, { itemId: `${ITEM}/../x` }],
      ['a huge string', CHANNELS.reviewCanonical, { itemId: ITEM, role: 'r'.repeat(1_000_000) }],
      ['a role with a newline', CHANNELS.reviewCanonical, { itemId: ITEM, role: 'root\nx' }],
      ['a negative offset', CHANNELS.reviewCanonical, { itemId: ITEM, role: 'root', offset: -1 }],
      ['a float offset', CHANNELS.reviewCanonical, { itemId: ITEM, role: 'root', offset: 1.5 }],
      ['a huge passphrase', CHANNELS.signWithKeyFile, { itemId: ITEM, reviewed: REVIEWED, keyFileRef: KEYFILE, passphrase: 'p'.repeat(5000) }],
      ['a key path instead of a key ref', CHANNELS.signWithKeyFile, { itemId: ITEM, reviewed: REVIEWED, keyFileRef: '/home/me/.ssh/id_ed25519' }],
      ['a signature without the reviewed hashes', CHANNELS.signWithKeyFile, { itemId: ITEM, keyFileRef: KEYFILE, passphrase: 'hunter2' }],
      ['an empty review', CHANNELS.signWithKeyFile, { itemId: ITEM, reviewed: [], keyFileRef: KEYFILE }],
      ['a reviewed hash that is not sha256 hex', CHANNELS.signWithToken, { itemId: ITEM, reviewed: [{ role: 'root', sha256: 'A'.repeat(64) }], tokenRef: `token-${'2'.repeat(32)}`, tokenKeyRef: `tokenkey-${'3'.repeat(32)}`, pin: '1234' }],
      ['a reviewed entry with an extra key', CHANNELS.signWithToken, { itemId: ITEM, reviewed: [{ ...REVIEWED[0], approved: true }], tokenRef: `token-${'2'.repeat(32)}`, tokenKeyRef: `tokenkey-${'3'.repeat(32)}`, pin: '1234' }],
      ['too many reviewed roles', CHANNELS.signWithKeyFile, { itemId: ITEM, reviewed: Array.from({ length: 257 }, () => REVIEWED[0]), keyFileRef: KEYFILE }],
      ['a traversal path in a drop', CHANNELS.workspaceImportDropped, { files: [{ path: '../../.bashrc', contentBase64: '' }] }],
      ['an absolute path in a drop', CHANNELS.workspaceImportDropped, { files: [{ path: '/etc/cron.d/x', contentBase64: '' }] }],
      ['a folder name with a slash', CHANNELS.workspaceImportDropped, { folderName: '../x', files: [{ path: 'a.json', contentBase64: '' }] }],
      ['too many dropped files', CHANNELS.workspaceImportDropped, { files: Array.from({ length: 257 }, (_, i) => ({ path: `f${i}.json`, contentBase64: '' })) }],
      ['non-base64 content', CHANNELS.workspaceImportDropped, { files: [{ path: 'a.json', contentBase64: '<script>' }] }],
      ['a string instead of an object', CHANNELS.reviewGet, ITEM],
      ['an array', CHANNELS.reviewGet, [ITEM]],
      ['an argument to a no-argument channel', CHANNELS.appInfo, { anything: 1 }],
      ['a save name with a slash', CHANNELS.chooserChoose, { chooserId: `chooser-${'c'.repeat(32)}`, fileName: '../../.profile' }],
      ['pinning without confirming', CHANNELS.trustPin, { candidateId: `candidate-${'d'.repeat(32)}`, confirm: false, acceptWarnings: false }],
      ['an unknown ceremony', CHANNELS.ceremonyValidate, { ceremony: 'rm -rf' }],
      ['a threshold of zero', CHANNELS.ceremonyValidate, { ceremony: 'update', base: { from: 'pinned' }, rootThreshold: 0, addKeys: [], removeKeys: [] }],
    ];
    it.each(cases)('refuses %s with IPC_INVALID_ARGUMENT before any service runs', async (_what, channel, arg) => {
      const { dispatcher, reached } = fakeServices();
      const result = await dispatcher.handle(channel, arg);
      expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_ARGUMENT' } });
      expect(reached).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a drop larger than 64 MB in total before decoding it', async () => {
      const { dispatcher, reached } = fakeServices();
      const big = 'A'.repeat(45_000_000);
      const result = await dispatcher.handle(CHANNELS.workspaceImportDropped, { files: [{ path: 'a.json', contentBase64: big }, { path: 'b.json', contentBase64: big }] });
      expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_ARGUMENT', message: expect.stringContaining('larger than 64 MB') } });
      expect(reached).toEqual([]);
    });

    it('names the bad field but never echoes the value (it may be a secret)', async () => {
      const { dispatcher } = fakeServices();
      const result = await dispatcher.handle(CHANNELS.signWithKeyFile, { itemId: ITEM, reviewed: REVIEWED, keyFileRef: 'not-a-ref', passphrase: 'correct horse battery staple' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.message).toContain('keyFileRef');
      expect(result.error.message).not.toContain('correct horse');
      expect(result.error.message).not.toContain('not-a-ref');
    });

    it('names unexpected keys, cut short', async () => {
      const { dispatcher } = fakeServices();
      const result = await dispatcher.handle(CHANNELS.workspaceList, { ['x'.repeat(500)]: 1 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message.length).toBeLessThan(300);
    });
  });

  describe('results', () => {
    it('passes the parsed request to the service and returns its value', async () => {
      const { dispatcher, reached } = fakeServices({ reviewCanonical: () => ({ role: 'root', sha256: 'a'.repeat(64), totalBytes: 2, totalChars: 2, offset: 0, text: '{}', nextOffset: null }) });
      const result = await dispatcher.handle(CHANNELS.reviewCanonical, { itemId: ITEM, role: 'root' });
      expect(result).toEqual({ ok: true, value: { role: 'root', sha256: 'a'.repeat(64), totalBytes: 2, totalChars: 2, offset: 0, text: '{}', nextOffset: null } });
      expect(reached).toEqual([{ channel: 'reviewCanonical', request: { itemId: ITEM, role: 'root' } }]);
    });

    it('accepts no argument, null or {} for channels without one', async () => {
      const { dispatcher } = fakeServices({ appInfo: () => APP_INFO });
      for (const arg of [undefined, null, {}]) expect(await dispatcher.handle(CHANNELS.appInfo, arg)).toEqual({ ok: true, value: APP_INFO });
    });

    it('maps a SignerError to its code and sentence', async () => {
      const { dispatcher } = fakeServices({ reviewGet: () => { throw new SignerError('BUNDLE_TAMPERED', 'sign.json does not match the manifest'); } });
      expect(await dispatcher.handle(CHANNELS.reviewGet, { itemId: ITEM })).toEqual({ ok: false, error: { code: 'BUNDLE_TAMPERED', message: 'sign.json does not match the manifest' } });
    });

    it('gives the renderer the name of the file an error is about, never its path', async () => {
      const { dispatcher, logged } = fakeServices({ reviewGet: () => { throw new SignerError('OUTPUT_UNWRITABLE', 'cannot write to the folder usb (read-only drive); nothing was written', { file: '/media/bo/usb/bundle/manifest.json' }); } });
      expect(await dispatcher.handle(CHANNELS.reviewGet, { itemId: ITEM })).toEqual({ ok: false, error: { code: 'OUTPUT_UNWRITABLE', message: 'cannot write to the folder usb (read-only drive); nothing was written', file: 'manifest.json' } });
      expect(logged).toEqual([]);
    });

    it('treats a message that still holds its own path as a bug: logged, and the page gets the file name only', async () => {
      const path = '/home/bo/secret-place/root.json';
      const { dispatcher, logged } = fakeServices({ reviewGet: () => { throw new SignerError('INPUT_UNREADABLE', `cannot read ${path}`, { file: path }); } });
      const result = await dispatcher.handle(CHANNELS.reviewGet, { itemId: ITEM });
      expect(result).toMatchObject({ ok: false, error: { code: 'INPUT_UNREADABLE', file: 'root.json' } });
      expect(JSON.stringify(result)).not.toContain('/home/bo');
      expect(logged).toHaveLength(1);
    });

    it('maps a review mismatch to REVIEW_CHANGED with its sentence', async () => {
      const { dispatcher, logged } = fakeServices({ signWithKeyFile: () => { throw new ReviewChangedError('root in x.json is not what you reviewed'); } });
      expect(await dispatcher.handle(CHANNELS.signWithKeyFile, { itemId: ITEM, reviewed: REVIEWED, keyFileRef: KEYFILE })).toEqual({ ok: false, error: { code: 'REVIEW_CHANGED', message: 'root in x.json is not what you reviewed' } });
      expect(logged).toEqual([]);
    });

    it('maps a closed dialog to CANCELLED', async () => {
      const { dispatcher } = fakeServices({ keysChooseKeyFile: () => { throw new CancelledError('Choosing a key file'); } });
      expect(await dispatcher.handle(CHANNELS.keysChooseKeyFile, undefined)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    });

    it('hides the message of an unexpected error (it may hold a path or secret) and logs it', async () => {
      const { dispatcher, logged } = fakeServices({ reviewGet: () => { throw new TypeError('cannot read /home/alice/secret.key'); } });
      const result = await dispatcher.handle(CHANNELS.reviewGet, { itemId: ITEM });
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(JSON.stringify(result)).not.toContain('/home/alice');
      expect(logged).toHaveLength(1);
    });

    it('refuses to return a value outside the response contract (e.g. a leaked field)', async () => {
      const { dispatcher, logged } = fakeServices({ appInfo: () => ({ ...APP_INFO, passphrase: 'hunter2' }) });
      const result = await dispatcher.handle(CHANNELS.appInfo, undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(JSON.stringify(result)).not.toContain('hunter2');
      expect(logged).toHaveLength(1);
    });
  });

  describe('properties', () => {
    it('never throws and always answers a well-formed result, whatever the channel and argument', async () => {
      const { dispatcher } = fakeServices();
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constantFrom(...CHANNEL_NAMES), fc.string()), fc.jsonValue(), async (channel, arg) => {
          const result = await dispatcher.handle(channel, arg);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) {
            expect(typeof result.error.code).toBe('string');
            expect(typeof result.error.message).toBe('string');
          }
        }),
        { numRuns: 300 },
      );
    });

    it('reaches a service only with an argument its schema accepts (objects with extra keys never pass)', async () => {
      const { dispatcher, reached } = fakeServices();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !['pick', 'itemId', 'role', 'files', 'folderName'].includes(k)), fc.jsonValue(), { minKeys: 1 }), async (channel, arg) => {
          const before = reached.length;
          const result = await dispatcher.handle(channel, arg);
          expect(result.ok).toBe(false);
          if (!result.ok && result.error.code === 'IPC_INVALID_ARGUMENT') expect(reached.length).toBe(before);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps Object.prototype clean under prototype-pollution payloads', async () => {
      const { dispatcher } = fakeServices();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue(), async (channel, key, value) => {
          const arg = JSON.parse(`{"${key}": ${JSON.stringify({ polluted: value ?? 1 })}}`);
          await dispatcher.handle(channel, arg);
          expect(Object.prototype).not.toHaveProperty('polluted');
        }),
        { numRuns: 150 },
      );
    });
  });
});
