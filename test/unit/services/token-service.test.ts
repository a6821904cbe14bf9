// The app's token service: a PIN is used once and zeroed, also when the token cannot be opened.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenService } from '../../../main/services/tokens.js';
import { CKR } from '../../../main/core/tokens/pkcs11-constants.js';
import { FakePkcs11 } from '../core/tokens/fake-pkcs11.js';

let dir: string;
let module: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-token-service-'));
  module = join(dir, 'libfake.so');
  writeFileSync(module, '');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const PIN = '482916';
const noProgress = { operationId: null, emit: () => undefined };

describe('createTokenService', () => {
  describe('when the token cannot be opened after it was listed', () => {
    it('zeroes the copy of the PIN it made', async () => {
      const api = new FakePkcs11([{ id: '02', label: 'signing key', privateKey: generateKeyPairSync('ed25519').privateKey }], PIN);
      const service = createTokenService({ modules: () => [{ path: module, kind: 'ykcs11', name: 'fake', present: true } as never], pkcs11Factory: () => api });
      const list = await service.list();
      const token = list.tokens[0]!;
      // Unplugged between listing and signing.
      api.failures.C_GetSlotList = CKR.DEVICE_REMOVED;
      api.failures.C_GetTokenInfo = CKR.DEVICE_REMOVED;
      const copies: Buffer[] = [];
      const from = Buffer.from.bind(Buffer) as (...args: unknown[]) => Buffer;
      vi.spyOn(Buffer, 'from').mockImplementation(((...args: unknown[]) => {
        const made = from(...args);
        if (args[0] === PIN) copies.push(made);
        return made;
      }) as never);
      await expect(service.openSigner(token.tokenRef, token.keys[0]!.tokenKeyRef, PIN, noProgress)).rejects.toThrow();
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) expect([...copy].every((b) => b === 0)).toBe(true);
    });
  });
});
