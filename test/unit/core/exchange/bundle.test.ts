import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../../shared/tuf/canonical.js';
import { signDocument } from '../../../../main/core/signers/sign-document.js';
import { roleStatus } from '../../../../main/core/tuf/authorization.js';
import { verifySignature } from '../../../../main/core/tuf/verify.js';
import { canonicalBytes } from '../../../../shared/tuf/canonical.js';
import { addSignature, createBundle, importBundleOrFile, signPayloadFileName, suggestBundleName, verifyBundle } from '../../../../main/core/exchange/bundle.js';
import { writeBundleFolder } from '../../../../main/core/exchange/bundle-folder.js';
import { parseManifest, shortFingerprint, sha256Hex } from '../../../../main/core/exchange/manifest.js';
import { cliFixture, apiFixture, readFixtureJson } from '../../../helpers/fixtures.js';
import { fixtureKeyId, fixtureSigner, pullShapedCases, type FixtureKeyName } from '../../../helpers/exchange-fixtures.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'rstuf-exchange-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const writeJson = (name: string, json: unknown): string => {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
};

async function signAs(target: string, key: FixtureKeyName, options: { outDir?: string; role?: string } = {}) {
  const bundle = importBundleOrFile(target);
  const signer = fixtureSigner(key);
  const outcome = await signDocument({ doc: bundle.document, signer, ...(options.role ? { role: options.role } : {}) });
  return { outcome, bundle: addSignature(bundle, outcome, options.outDir ? { outDir: options.outDir } : {}) };
}

describe('round trips over every RSTUF fixture: two holders, export, re-import', () => {
  for (const c of pullShapedCases()) {
    it(c.name, async () => {
      const input = writeJson(c.fileName, c.json);
      const first = createBundle([input], join(work, 'bundle-a'), { now: new Date('2026-11-25T12:00:00Z') });
      expect(first.manifest.files.map((f) => f.name)).toEqual([c.fileName]);
      // RSTUF's own file travels unchanged.
      expect(readFileSync(join(first.path, c.fileName))).toEqual(readFileSync(input));

      // Holder 1 signs on this laptop, in place.
      const one = await signAs(first.path, c.holders[0]);
      // Holder 2 gets a copy of the stick on another laptop and writes a new bundle.
      const copy = join(work, 'copy-of-a');
      cpSync(one.bundle.path, copy, { recursive: true });
      const two = await signAs(copy, c.holders[1], { outDir: join(work, 'bundle-b') });

      const final = importBundleOrFile(two.bundle.path);
      expect(final.fingerprint).toBe(shortFingerprint(sha256Hex(readFileSync(join(final.path, 'manifest.json')))));
      expect(final.fingerprint).toMatch(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
      const pending = final.document.pending.find((p) => p.name === c.role)!;
      const status = roleStatus(final.document, pending);
      const ids = c.holders.map(fixtureKeyId);
      for (const id of ids) expect(pending.metadata.signatures.map((s) => s.keyid)).toContain(id);

      if (final.purpose === 'sign-pending') {
        expect(final.signPayloads.map((p) => p.name).sort()).toEqual(
          [one.outcome, two.outcome].map((o) => signPayloadFileName(c.role, pending.metadata.signed.version, o.keyid)).sort(),
        );
        for (const [payloadFile, outcome] of [
          [final.signPayloads.find((p) => p.name.endsWith(`${one.outcome.keyid.slice(0, 8)}.json`))!, one.outcome],
          [final.signPayloads.find((p) => p.name.endsWith(`${two.outcome.keyid.slice(0, 8)}.json`))!, two.outcome],
        ] as const) {
          const sent = JSON.parse(readFileSync(join(final.path, payloadFile.name), 'utf8'));
          // Exactly RSTUF's POST /api/v1/metadata/sign body: {"signature": {keyid, sig}, "role"}.
          expect(Object.keys(sent)).toEqual(['signature', 'role']);
          expect(sent).toEqual({ signature: { keyid: outcome.keyid, sig: outcome.signature.sig }, role: c.role });
          const key = status.keys[outcome.keyid] ?? final.document.trustedRoot?.signed.keys[outcome.keyid];
          expect(verifySignature(key!, sent.signature.sig, canonicalBytes(pending.metadata.signed))).toBe(true);
        }
      } else {
        expect(final.signPayloads).toEqual([]);
        // Same JSON shape as RSTUF's own payload, with the two signatures added.
        const written = JSON.parse(readFileSync(join(final.path, c.fileName), 'utf8'));
        expect(Object.keys(written).sort()).toEqual(Object.keys(c.json).sort());
        expect(written.signatures ?? written.metadata.root.signatures).toHaveLength(2);
        for (const s of status.signatures) expect(s.state === 'valid' || status.missingAuthorizer !== undefined).toBe(true);
      }
      // The first holder's bundle still holds only its own signature (bundle-b is a new bundle).
      expect(importBundleOrFile(copy).document.pending.find((p) => p.name === c.role)!.metadata.signatures).toHaveLength(1);

      // Tampering with any file after export is detected, naming the file.
      for (const f of final.manifest.files) {
        const tampered = join(work, `tampered-${f.name}`);
        cpSync(final.path, tampered, { recursive: true });
        const path = join(tampered, f.name);
        const text = readFileSync(path, 'utf8');
        writeFileSync(path, text.replace(/"version": (\d+)/, (_m, v) => `"version": ${Number(v) + 1}`).replace(/"sig": "(.)/, (_m, ch) => `"sig": "${ch === '0' ? '1' : '0'}`));
        expect(() => importBundleOrFile(tampered)).toThrowError(expect.objectContaining({ code: 'BUNDLE_TAMPERED', message: expect.stringContaining(f.name) }));
      }
    });
  }
});

describe('the ed25519 sign payload is byte for byte what RSTUF\'s CLI sent (sign.json)', () => {
  it('JH signing sign_pending_roles.json in a bundle yields sign.json', async () => {
    const bundle = createBundle([cliFixture('sign_pending_roles.json')], join(work, 'b'));
    const { bundle: signed, outcome } = await signAs(bundle.path, 'JH.ed25519');
    const expected = readFixtureJson(cliFixture('sign.json'));
    const file = signed.signPayloads.find((p) => p.name === signPayloadFileName('root', 2, outcome.keyid))!;
    expect(canonicalize(JSON.parse(readFileSync(join(signed.path, file.name), 'utf8')))).toBe(canonicalize(expected));
    // The three signatures now make both thresholds of root v2 (trusted v1: JH + JJ; new v2: JJ + JC).
    const report = verifyBundle(signed.path);
    expect(report.roles[0]!.met).toBe(true);
  });
});

describe('exported ceremony and update payloads are what RSTUF\'s CLI sent (ed25519 signatures are deterministic)', () => {
  const cases: Array<[string, string, string]> = [
    ['ceremony.json', cliFixture('ceremony.json'), 'ceremony-payload.json'],
    ['das-payload.json', apiFixture('das-payload.json'), 'ceremony-payload.json'],
    ['payload_bins.json', apiFixture('payload_bins.json'), 'ceremony-payload.json'],
    ['update.json', cliFixture('update.json'), 'update-payload.json'],
  ];
  for (const [label, path, fileName] of cases) {
    it(`${label}: JH's signature and the payload shape match RSTUF's file`, async () => {
      const original = readFixtureJson(path);
      const jh = fixtureKeyId('JH.ed25519');
      const theirs = original.metadata.root.signatures.find((s: any) => s.keyid === jh);
      const input = writeJson(fileName, { ...original, metadata: { root: { ...original.metadata.root, signatures: [] } } });
      const bundle = createBundle([input], join(work, 'b'));
      // JH is a key of root v1 only: signing root v2 needs the trusted root.
      const trustedRoot = original.metadata.root.signed.version === 2 ? readFixtureJson(cliFixture('v1.json')) : undefined;
      const outcome = await signDocument({ doc: bundle.document, signer: fixtureSigner('JH.ed25519'), ...(trustedRoot ? { trustedRoot } : {}) });
      const signed = addSignature(bundle.path, outcome);
      const written = JSON.parse(readFileSync(join(signed.path, fileName), 'utf8'));
      expect(written.metadata.root.signatures).toEqual([theirs]);
      expect(canonicalize(written)).toBe(canonicalize({ ...original, metadata: { root: { ...original.metadata.root, signatures: [theirs] } } }));
    });
  }
});

describe('several holders in turn', () => {
  it('refuses a second signature by the same key and leaves the bundle unchanged', async () => {
    const c = pullShapedCases()[0]!;
    const b = createBundle([writeJson(c.fileName, c.json)], join(work, 'b'));
    const { bundle } = await signAs(b.path, 'JJ.ecdsa');
    const before = bundle.fingerprint;
    await expect(signAs(bundle.path, 'JJ.ecdsa')).rejects.toMatchObject({ code: 'KEY_ALREADY_SIGNED' });
    // Even when a caller skips the engine's check, addSignature refuses on its own.
    const again = await signDocument({ doc: b.document, signer: fixtureSigner('JJ.ecdsa') });
    expect(() => addSignature(bundle.path, again)).toThrowError(expect.objectContaining({ code: 'KEY_ALREADY_SIGNED' }));
    expect(importBundleOrFile(bundle.path).fingerprint).toBe(before);
  });

  it('refuses to add a signature to a bundle that changed since it was opened', async () => {
    const c = pullShapedCases()[3]!;
    const opened = createBundle([writeJson(c.fileName, c.json)], join(work, 'b'));
    const outcome = await signDocument({ doc: opened.document, signer: fixtureSigner('JH.ed25519') });
    await signAs(opened.path, 'JJ.ecdsa');
    expect(() => addSignature(opened, outcome)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('changed since it was opened') }));
  });

  it('keeps RSTUF\'s accepted-payload record (sent.json) when a signature is added in place', async () => {
    const c = pullShapedCases()[0]!;
    const b = createBundle([writeJson(c.fileName, c.json)], join(work, 'b'));
    writeFileSync(join(b.path, 'sent.json'), '{"format":"rstuf-signer-sent","accepted":[]}\n');
    const { bundle } = await signAs(b.path, 'JJ.ecdsa');
    expect(readFileSync(join(bundle.path, 'sent.json'), 'utf8')).toContain('rstuf-signer-sent');
  });
});

describe('import of single RSTUF files', () => {
  const cases: Array<[string, string]> = [
    [cliFixture('sign_pending_roles.json'), 'sign-pending'],
    [cliFixture('ceremony.json'), 'bootstrap'],
    [cliFixture('update.json'), 'update'],
    [cliFixture('sign.json'), 'signatures'],
    [cliFixture('v2.json'), 'metadata'],
    [apiFixture('payload_bins.json'), 'bootstrap'],
  ];
  for (const [path, purpose] of cases) {
    it(`${path.split('__')[1]} is ${purpose}`, () => {
      const b = importBundleOrFile(path);
      expect(b.isFolder).toBe(false);
      expect(b.purpose).toBe(purpose);
      expect(b.fingerprint).toBe(shortFingerprint(sha256Hex(readFileSync(path))));
    });
  }

  it('accepts a delegations payload and refuses to sign it', async () => {
    const payload = { delegations: { keys: {}, roles: [{ name: 'dev', terminating: true, keyids: [], threshold: 1, paths: ['dev/*'], 'x-rstuf-expire-policy': 1 }] } };
    const b = createBundle([writeJson('delegations-new.json', payload)], join(work, 'd'));
    expect(b.purpose).toBe('delegations');
    await expect(signAs(b.path, 'JH.ed25519')).rejects.toMatchObject({ code: 'INPUT_UNKNOWN_KIND' });
  });

  it('refuses a JSON file that is not RSTUF content, saying what it found', () => {
    expect(() => importBundleOrFile(writeJson('x.json', { hello: 1 }))).toThrowError(expect.objectContaining({ code: 'INPUT_UNKNOWN_KIND', message: expect.stringContaining('"hello"') }));
  });
});

describe('refusing what is not one complete, consistent bundle', () => {
  it('mixed exchanges are refused, naming what was found', () => {
    expect(() => createBundle([cliFixture('ceremony.json'), cliFixture('update.json')], join(work, 'm'))).toThrowError(
      expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringMatching(/repository-service-tuf-cli__ceremony\.json \(RSTUF bootstrap.*repository-service-tuf-cli__update\.json \(RSTUF metadata update/) }),
    );
    expect(existsSync(join(work, 'm'))).toBe(false);
    expect(() => createBundle([cliFixture('ceremony.json'), cliFixture('sign.json')], join(work, 'm'))).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID' }));
  });

  it('a sign payload that does not belong to the pending metadata is refused', () => {
    const c = pullShapedCases()[1]!; // root v1 pending: sign.json signs root v2
    expect(() => createBundle([writeJson(c.fileName, c.json), cliFixture('sign.json')], join(work, 'm'))).toThrowError(
      expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('repository-service-tuf-cli__sign.json') }),
    );
  });

  it('files the manifest does not list are refused; desktop dot files are ignored', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    writeFileSync(join(b.path, '._repository-service-tuf-cli__ceremony.json'), 'mac resource fork');
    expect(importBundleOrFile(b.path).fingerprint).toBe(b.fingerprint);
    writeFileSync(join(b.path, 'extra.json'), '{}');
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('"extra.json"') }));
  });

  it('a missing listed file or a missing manifest is incomplete', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    renameSync(join(b.path, 'repository-service-tuf-cli__ceremony.json'), join(work, 'moved.json'));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INCOMPLETE', message: expect.stringContaining('repository-service-tuf-cli__ceremony.json') }));
    renameSync(join(work, 'moved.json'), join(b.path, 'repository-service-tuf-cli__ceremony.json'));
    rmSync(join(b.path, 'manifest.json'));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INCOMPLETE', message: expect.stringContaining('no manifest.json') }));
  });

  it('a manifest pointing outside its folder, or edited, is refused or changes the fingerprint', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    const manifestPath = join(b.path, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, files: [{ ...manifest.files[0], name: '../ceremony.json' }] }));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('unsafe') }));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, created: '2020-01-01T00:00:00Z' }, null, 2));
    expect(importBundleOrFile(b.path).fingerprint).not.toBe(b.fingerprint);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: 9 }));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('newer rstuf-signer') }));
  });

  it('a manifest that lies only about a size says expected and actual size, not two equal hashes', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    const manifestPath = join(b.path, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const file = manifest.files[0];
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, files: [{ ...file, size: file.size + 1 }] }, null, 2));
    const refused = (() => {
      try {
        importBundleOrFile(b.path);
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(refused?.message).toContain(`${file.name} (${file.size} bytes, the manifest says ${file.size + 1})`);
    expect(refused?.message).not.toContain('sha256');
  });

  it('parseManifest rejects a manifest whose kind is unknown', () => {
    const bytes = Buffer.from(JSON.stringify({ format: 'rstuf-signer-bundle', formatVersion: 1, purpose: 'bootstrap', created: 'x', files: [{ name: 'a.json', size: 1, sha256: 'a'.repeat(64), kind: 'pdf' }] }));
    expect(() => parseManifest(bytes, 'b')).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('a.json has an unknown kind') }));
  });

  it('never overwrites an existing folder', () => {
    createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    expect(() => createBundle([cliFixture('update.json')], join(work, 'b'))).toThrowError(expect.objectContaining({ code: 'OUTPUT_EXISTS' }));
  });
});

describe('interrupted writes', () => {
  it('a .partial folder is never accepted', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    const partial = join(work, '.b.partial-1234');
    cpSync(b.path, partial, { recursive: true });
    expect(() => importBundleOrFile(partial)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INCOMPLETE' }));
  });

  it('a leftover .partial folder beside a bundle is reported, and never read', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    expect(importBundleOrFile(b.path).leftovers).toEqual([]);
    const partial = join(work, '.b.partial-1234abcd');
    cpSync(b.path, partial, { recursive: true });
    // Someone else's bundle with a similar name is not a leftover of this one.
    cpSync(b.path, join(work, '.bb.partial-99999999'), { recursive: true });
    expect(importBundleOrFile(b.path).leftovers).toEqual([partial]);
    // The previous version an update kept while swapping, left when the clean-up was cut short.
    const old = join(work, '.b.old-0123abcd');
    cpSync(b.path, old, { recursive: true });
    expect(importBundleOrFile(b.path).leftovers).toEqual([old, partial]);
  });

  it('a bundle that was never completed is named as such when its .partial folder is there', () => {
    mkdirSync(join(work, '.fresh.partial-1234abcd'));
    expect(() => importBundleOrFile(join(work, 'fresh'))).toThrowError(
      expect.objectContaining({ code: 'BUNDLE_INCOMPLETE', message: expect.stringMatching(/fresh was never completed: \.fresh\.partial-1234abcd is an interrupted write of it/) }),
    );
    rmSync(join(work, '.fresh.partial-1234abcd'), { recursive: true });
    expect(() => importBundleOrFile(join(work, 'fresh'))).toThrowError(expect.objectContaining({ code: 'INPUT_UNREADABLE' }));
  });

  it('a planted ".NAME.old-XXXX" link is never restored as the bundle', () => {
    const elsewhere = createBundle([cliFixture('ceremony_das.json')], join(work, 'laptop-folder'));
    mkdirSync(join(work, 'usb'));
    symlinkSync(elsewhere.path, join(work, 'usb', '.b.old-abcd1234'));
    expect(() => importBundleOrFile(join(work, 'usb', 'b'))).toThrowError(expect.objectContaining({ code: 'INPUT_UNREADABLE' }));
    expect(readdirSync(join(work, 'usb'))).toEqual(['.b.old-abcd1234']);
  });

  it('an update killed between its two renames is undone: the old complete bundle comes back', () => {
    const b = createBundle([cliFixture('ceremony_das.json')], join(work, 'b'));
    renameSync(b.path, join(work, '.b.old-abcd1234'));
    const reopened = importBundleOrFile(b.path);
    expect(reopened.fingerprint).toBe(b.fingerprint);
    expect(reopened.recoveredFrom).toContain('.b.old-abcd1234');
    expect(readdirSync(work)).toEqual(['b']);
  });
});

describe('delegated targets roles signed offline (RSTUF custom delegations)', () => {
  // trusted_targets delegating "production" to JH and JC (threshold 2), and the pending
  // delegated role as GET /api/v1/metadata/sign returns it (lower-cased name).
  function delegatedPending(delegatedName: string, servedName: string) {
    const jh = { ...fixtureSigner('JH.ed25519').publicKey, 'x-rstuf-key-name': 'JH' };
    const jc = { ...fixtureSigner('JC.rsa').publicKey, 'x-rstuf-key-name': 'JC' };
    const trustedTargets = {
      signed: {
        _type: 'targets',
        spec_version: '1.0.31',
        version: 3,
        expires: '2030-01-01T00:00:00Z',
        targets: {},
        delegations: {
          keys: { [fixtureKeyId('JH.ed25519')]: jh, [fixtureKeyId('JC.rsa')]: jc },
          roles: [{ name: delegatedName, terminating: true, keyids: [fixtureKeyId('JH.ed25519'), fixtureKeyId('JC.rsa')], threshold: 2, paths: ['production/*'], 'x-rstuf-expire-policy': 7 }],
        },
      },
      signatures: [],
    };
    const pending = { signed: { _type: 'targets', spec_version: '1.0.31', version: 1, expires: '2030-01-01T00:00:00Z', targets: { 'production/app-1.0.tar.gz': { length: 3, hashes: { sha256: 'a'.repeat(64) } } } }, signatures: [] };
    return { data: { metadata: { [servedName]: pending, trusted_targets: trustedTargets } }, message: 'Metadata role(s) pending signing' };
  }

  it('JH and JC sign the lower-cased role RSTUF serves for delegation "Production"', async () => {
    const b = createBundle([writeJson('metadata-sign.json', delegatedPending('Production', 'production'))], join(work, 'b'));
    await signAs(b.path, 'JH.ed25519');
    const { bundle, outcome } = await signAs(b.path, 'JC.rsa');
    expect(outcome.role).toBe('production');
    expect(bundle.signPayloads.map((p) => JSON.parse(readFileSync(join(bundle.path, p.name), 'utf8')).role)).toEqual(['production', 'production']);
    const status = roleStatus(bundle.document, bundle.document.pending[0]!);
    expect(status.met).toBe(true);
    expect(status.thresholds[0]!.label).toContain('RSTUF returned the name as "production"');
  });

  it('a key the delegation does not authorize is refused, naming the authorized keys', async () => {
    const b = createBundle([writeJson('metadata-sign.json', delegatedPending('production', 'production'))], join(work, 'b'));
    await expect(signAs(b.path, 'JJ.ecdsa')).rejects.toMatchObject({ code: 'KEY_NOT_AUTHORIZED', message: expect.stringContaining('JH') });
  });

  it('a role name RSTUF truncated at "_" is explained', async () => {
    const b = createBundle([writeJson('metadata-sign.json', delegatedPending('prod_eu', 'prod'))], join(work, 'b'));
    await expect(signAs(b.path, 'JH.ed25519')).rejects.toMatchObject({ code: 'ROLE_NOT_FOUND', message: expect.stringContaining('lower-cased and cut at the first "_"') });
  });
});

describe('single files and names', () => {
  it('a single file signed is exported as a new bundle; without a folder to write to it is refused', async () => {
    const c = pullShapedCases()[3]!;
    const input = writeJson(c.fileName, c.json);
    const single = importBundleOrFile(input);
    const outcome = await signDocument({ doc: single.document, signer: fixtureSigner('JH.ed25519') });
    expect(() => addSignature(single, outcome)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('--out DIR') }));
    const exported = addSignature(single, outcome, { outDir: join(work, 'out') });
    expect(exported.purpose).toBe('bootstrap');
    expect(exported.manifest.files.map((f) => f.name)).toEqual([c.fileName]);
    expect(JSON.parse(readFileSync(join(exported.path, c.fileName), 'utf8')).metadata.root.signatures).toEqual([outcome.signature]);
    // The input file itself is untouched.
    expect(JSON.parse(readFileSync(input, 'utf8'))).toEqual(c.json);
  });

  it('suggests a folder name saying what the bundle is for', () => {
    const b = importBundleOrFile(cliFixture('sign_pending_roles.json'));
    expect(suggestBundleName(b, new Date('2026-11-25T12:00:59Z'))).toBe('rstuf-bundle-2026-11-25T1200Z-root-v2');
  });

  it('a listed file that is a link is refused', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    const name = 'repository-service-tuf-cli__ceremony.json';
    renameSync(join(b.path, name), join(work, 'real.json'));
    symlinkSync(join(work, 'real.json'), join(b.path, name));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('not a plain file') }));
  });

  it('an in-place update whose bundle changed underneath is aborted and leaves the bundle as it was', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    const file = { name: 'repository-service-tuf-cli__ceremony.json', bytes: readFileSync(cliFixture('ceremony_das.json')) };
    expect(() => writeBundleFolder(b.path, [file], Buffer.from('{}'), 'replace', [], 'f'.repeat(64))).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringContaining('changed by someone else') }));
    expect(importBundleOrFile(b.path).fingerprint).toBe(b.fingerprint);
    expect(readdirSync(work).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('links planted in a bundle never pull files from the laptop into it', () => {
  it('a sent.json that links to a file outside the bundle is refused, and signing copies nothing out', async () => {
    const c = pullShapedCases()[0]!;
    const b = createBundle([writeJson(c.fileName, c.json)], join(work, 'b'));
    // What a hostile stick would carry: a "record" pointing at the holder's private key file.
    const secret = join(work, 'holder-private-key.pem');
    writeFileSync(secret, 'SECRET KEY MATERIAL');
    symlinkSync(secret, join(b.path, 'sent.json'));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringMatching(/sent\.json is not a plain file/) }));
    const outcome = await signDocument({ doc: b.document, signer: fixtureSigner('JJ.ecdsa') });
    expect(() => addSignature(b.path, outcome)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID' }));
    for (const name of readdirSync(b.path)) {
      if (name !== 'sent.json') expect(readFileSync(join(b.path, name), 'utf8')).not.toContain('SECRET KEY MATERIAL');
    }
  });

  it('a manifest.json that is a link is refused', () => {
    const b = createBundle([cliFixture('ceremony.json')], join(work, 'b'));
    renameSync(join(b.path, 'manifest.json'), join(work, 'elsewhere.json'));
    symlinkSync(join(work, 'elsewhere.json'), join(b.path, 'manifest.json'));
    expect(() => importBundleOrFile(b.path)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INVALID', message: expect.stringMatching(/manifest\.json is not a plain file/) }));
  });
});
