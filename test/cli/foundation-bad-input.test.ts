// Bad input through the built CLI, one table row per way a key holder can get it wrong. Each row:
// the exit code (1 bad input, 2 bad usage), stderr naming the file and the specific problem with
// no stack trace, and nothing left in the output folder (no result, no *.partial temp file).
// Bad input gets exactly one stderr line. A usage error (exit 2) gets one line saying what is
// wrong, then the command's usage text (the CLI's convention for every command).
// (npm test builds first; run alone, ensureCliBuilt() recompiles a stale out/.)
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, chownSync, closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, apiFixture, cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const NOBODY = 65534;
const RUNNING_AS_ROOT = process.getuid?.() === 0;

interface Ctx {
  /** This row's own folder (inputs live here). */
  work: string;
  /** The output folder that must stay as it was. */
  out: string;
  /** A file holding the right passphrase (hunter2). */
  pass: string;
  /** Writes a file into `work` and returns its path. */
  put(name: string, data: string | Buffer): string;
  /** Writes JSON into `work` and returns its path. */
  putJson(name: string, value: unknown): string;
}

interface Row {
  name: string;
  /** Prepares the inputs and returns the CLI arguments. */
  args(ctx: Ctx): string[];
  code: 1 | 2;
  /** Words stderr's first line must contain, file name first. */
  says: (string | RegExp)[];
  /** Permission rows: run as an unprivileged user when the tests run as root (root ignores chmod). */
  unprivileged?: boolean;
  /** Files the row puts into `out` beforehand; they must be there, unchanged, afterwards. */
  existingOutput?: Record<string, string>;
}

const ceremony = () => readFixtureJson(cliFixture('ceremony.json'));
const ceremonyDas = cliFixture('ceremony_das.json');
/** `sign FILE` with JH's key and an output in `out`: every row that can write checks nothing is left. */
const signWithJh = (ctx: Ctx, file: string, extra: string[] = []): string[] => ['sign', file, '--key', cliFixture('JH.ed25519'), '--passphrase-file', ctx.pass, '--out', join(ctx.out, 'result.json'), ...extra];
const withRoot = (edit: (signed: Record<string, any>) => void) => {
  const doc = ceremony();
  edit(doc.metadata.root.signed);
  return doc;
};
/** RSTUF's sign-pending response (root v2 + trusted_root v1) with `edit` applied to data.metadata. */
const withPending = (edit: (metadata: Record<string, any>) => void) => {
  const doc = readFixtureJson(cliFixture('sign_pending_roles.json'));
  edit(doc.data.metadata);
  return doc;
};

const ROWS: Row[] = [
  // --- the file itself -------------------------------------------------------------------
  { name: 'malformed JSON (cut off)', args: (c) => signWithJh(c, c.put('cut.json', '{"signed": {"_type": ')), code: 1, says: ['cut.json', 'unexpected end of input', /line 1, column \d+/] },
  { name: 'not UTF-8', args: (c) => signWithJh(c, c.put('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]))), code: 1, says: ['latin1.json', 'not UTF-8'] },
  { name: 'JSON that is not TUF', args: (c) => signWithJh(c, c.putJson('hello.json', { hello: 'world' })), code: 1, says: ['hello.json', 'not an RSTUF file or TUF metadata', '"hello"'] },
  { name: 'a JSON array', args: (c) => signWithJh(c, c.putJson('array.json', [1, 2])), code: 1, says: ['array.json', 'expected a JSON object, found a JSON array'] },
  { name: 'RSTUF settings (GET /api/v1/config), not metadata', args: () => ['verify', apiFixture('settings.json')], code: 1, says: ['settings.json', 'not an RSTUF file or TUF metadata'] },
  { name: 'wrong _type in a bootstrap payload', args: (c) => signWithJh(c, c.putJson('type.json', withRoot((s) => (s._type = 'targets')))), code: 1, says: ['type.json', 'metadata.root must be root metadata', '"targets"'] },
  // A sign-pending response (GET /api/v1/metadata/sign) whose entry holds another role's metadata: refused on import.
  { name: 'wrong _type under "root" in a sign-pending response', args: (c) => ['inspect', c.putJson('root-is-targets.json', withPending((m) => (m.root.signed._type = 'targets')))], code: 1, says: ['root-is-targets.json', 'data.metadata.root must be root metadata', '"targets"'] },
  { name: 'wrong _type under "trusted_root" in a sign-pending response', args: (c) => ['inspect', c.putJson('trusted-is-targets.json', withPending((m) => (m.trusted_root.signed._type = 'targets')))], code: 1, says: ['trusted-is-targets.json', 'data.metadata.trusted_root must be root metadata', '"targets"'] },
  { name: 'wrong _type under a delegated role in a sign-pending response', args: (c) => ['inspect', c.putJson('delegated-is-root.json', withPending((m) => (m.production = m.root)))], code: 1, says: ['delegated-is-root.json', 'data.metadata.production must be targets metadata', '"root"'] },
  { name: 'wrong _type under "root" in a sign-pending response, given to sign', args: (c) => signWithJh(c, c.putJson('sign-root-is-targets.json', withPending((m) => (m.root.signed._type = 'targets')))), code: 1, says: ['sign-root-is-targets.json', 'data.metadata.root must be root metadata', '"targets"'] },
  { name: 'unknown _type in bare metadata', args: (c) => signWithJh(c, c.putJson('rooot.json', { signed: { ...ceremony().metadata.root.signed, _type: 'rooot' }, signatures: [] })), code: 1, says: ['rooot.json', 'unknown _type "rooot"'] },
  { name: 'missing "expires"', args: (c) => signWithJh(c, c.putJson('noexp.json', withRoot((s) => delete s.expires))), code: 1, says: ['noexp.json', 'the "expires" field is missing'] },
  { name: 'missing "roles"', args: (c) => signWithJh(c, c.putJson('noroles.json', withRoot((s) => delete s.roles))), code: 1, says: ['noroles.json', 'root has no "roles"'] },
  { name: 'missing "signed"', args: (c) => signWithJh(c, c.putJson('nosigned.json', { metadata: { root: { signatures: [] } }, settings: {} })), code: 1, says: ['nosigned.json', 'metadata.root has no "signed" object'] },
  { name: 'missing a top-level role', args: (c) => signWithJh(c, c.putJson('nosnapshot.json', withRoot((s) => delete s.roles.snapshot))), code: 1, says: ['nosnapshot.json', 'missing snapshot'] },
  { name: 'a badly formatted expiry', args: (c) => signWithJh(c, c.putJson('expiry.json', withRoot((s) => (s.expires = '2025-12-31T23:59:59.5Z')))), code: 1, says: ['expiry.json', 'expires must look like 2026-12-31T23:59:59Z'] },
  { name: 'a float (1.0)', args: (c) => signWithJh(c, c.put('float.json', JSON.stringify(ceremony()).replace('"version":1', '"version":1.0'))), code: 1, says: ['float.json', 'number 1.0 is not an integer'] },
  { name: 'an exponent (1e2)', args: (c) => signWithJh(c, c.put('exp.json', JSON.stringify(ceremony()).replace('"threshold":2', '"threshold":1e2'))), code: 1, says: ['exp.json', '1e2', 'not an integer'] },
  { name: 'a duplicate key', args: (c) => signWithJh(c, c.put('dup.json', JSON.stringify(ceremony()).replace('"version":1', '"version":1,"version":2'))), code: 1, says: ['dup.json', 'duplicate key "version"'] },
  { name: 'a lone surrogate', args: (c) => signWithJh(c, c.put('surrogate.json', JSON.stringify(ceremony()).replace('"JimiHendrix\'s Key"', '"Jimi \\ud800"'))), code: 1, says: ['surrogate.json', 'lone surrogate'] },
  { name: 'an integer beyond 2^53', args: (c) => signWithJh(c, c.put('bigint.json', JSON.stringify(ceremony()).replace('"version":1', '"version":9007199254740993'))), code: 1, says: ['bigint.json', '9007199254740993', 'too large to represent exactly'] },
  {
    name: 'a file of 100 MB',
    args: (c) => {
      // Sparse: the size check must refuse it before reading, so it costs no disk or time.
      const fd = openSync(join(c.work, 'huge.json'), 'w');
      ftruncateSync(fd, 100 * 1024 * 1024);
      closeSync(fd);
      return signWithJh(c, join(c.work, 'huge.json'));
    },
    code: 1,
    says: ['huge.json', '100.0 MB', 'larger than the 64 MB limit'],
  },
  { name: 'a folder that is not a bundle given as FILE', args: (c) => signWithJh(c, c.work), code: 1, says: [/is not a bundle: it has no manifest\.json/] },
  { name: 'a missing FILE', args: (c) => signWithJh(c, join(c.work, 'absent.json')), code: 1, says: ['absent.json', 'no such file'] },
  {
    name: 'an unreadable FILE',
    args: (c) => {
      const p = c.putJson('secret.json', ceremony());
      chmodSync(p, 0o000);
      return signWithJh(c, p);
    },
    unprivileged: true,
    code: 1,
    says: ['secret.json', 'permission denied'],
  },

  // --- signatures and keys ---------------------------------------------------------------
  { name: 'signing with a key the role does not authorize (JC for root v1)', args: (c) => ['sign', ceremonyDas, '--key', cliFixture('JC.rsa'), '--passphrase-file', c.pass, '--out', join(c.out, 'result.json')], code: 1, says: ['JC.rsa', 'not authorized to sign root v1', "JimiHendrix's Key"] },
  {
    name: 'verifying a file whose only signature is by an unauthorized key',
    args: (c) => {
      const das = readFixtureJson(ceremonyDas);
      das.metadata.root.signatures[0].keyid = '2f685fa7546f1856b123223ab086b3def14c89d24eef18f49c32508c2f60e241';
      return ['verify', c.putJson('foreign-signature.json', das)];
    },
    code: 1,
    says: ['foreign-signature.json', 'not every role meets its threshold'],
  },
  { name: 'a wrong passphrase', args: (c) => ['sign', ceremonyDas, '--key', cliFixture('JH.ed25519'), '--passphrase-file', c.put('wrong.txt', 'hunter3\n'), '--out', join(c.out, 'result.json')], code: 1, says: ['JH.ed25519', 'wrong passphrase'] },
  { name: 'a wrong passphrase for a PBES1 key', args: (c) => ['sign', ceremonyDas, '--key', cliFixture('JJ.ecdsa'), '--passphrase-file', c.put('wrong.txt', 'hunter3\n'), '--out', join(c.out, 'result.json')], code: 1, says: ['JJ.ecdsa', 'wrong passphrase'] },
  {
    name: 'a truncated PEM (cut off mid-file)',
    args: (c) => ['sign', ceremonyDas, '--key', c.put('cut.pem', readFileSync(cliFixture('JH.ed25519'), 'utf8').slice(0, 150)), '--passphrase-file', c.pass, '--out', join(c.out, 'result.json')],
    code: 1,
    says: ['cut.pem', 'truncated', '-----END ENCRYPTED PRIVATE KEY-----'],
  },
  {
    name: 'a PEM with a line missing',
    args: (c) => {
      const lines = readFileSync(cliFixture('JC.rsa'), 'utf8').split('\n');
      return ['sign', ceremonyDas, '--key', c.put('holed.pem', [...lines.slice(0, 5), ...lines.slice(6)].join('\n')), '--passphrase-file', c.pass, '--out', join(c.out, 'result.json')];
    },
    code: 1,
    says: ['holed.pem', 'damaged or truncated'],
  },
  { name: 'a public key given as --key', args: (c) => ['sign', ceremonyDas, '--key', cliFixture('JH.pub'), '--passphrase-file', c.pass, '--out', join(c.out, 'result.json')], code: 1, says: ['JH.pub', 'public key or certificate, not a private key'] },
  { name: 'a missing passphrase file', args: (c) => ['sign', ceremonyDas, '--key', cliFixture('JH.ed25519'), '--passphrase-file', join(c.work, 'nope.txt'), '--out', join(c.out, 'result.json')], code: 1, says: ['nope.txt', 'no such file'] },
  {
    name: 'an unsupported key type (ed448)',
    args: (c) => {
      const { privateKey } = generateKeyPairSync('ed448');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: FIXTURE_PASSWORD }) as string;
      return ['sign', ceremonyDas, '--key', c.put('ed448.pem', pem), '--passphrase-file', c.pass, '--out', join(c.out, 'result.json')];
    },
    code: 1,
    says: ['ed448.pem', 'key type ed448 is not supported'],
  },
  {
    name: 'an unsupported scheme in the metadata',
    args: (c) => signWithJh(c, c.putJson('ed448-scheme.json', withRoot((s) => (s.keys['50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3'].scheme = 'ecdsa-sha2-nistp999')))),
    code: 1,
    says: ['ed448-scheme.json', 'unsupported key type/scheme "ecdsa/ecdsa-sha2-nistp999"'],
  },
  { name: 'keygen with an unsupported scheme', args: (c) => ['keygen', '--scheme', 'ed448', '--out', join(c.out, 'k.pem'), '--passphrase-file', c.pass], code: 2, says: ['--scheme must be one of', 'ed25519'] },

  // --- where the output goes -------------------------------------------------------------
  {
    name: 'an unwritable output folder',
    args: (c) => {
      chmodSync(c.out, 0o555);
      return signWithJh(c, ceremonyDas);
    },
    unprivileged: true,
    code: 1,
    says: [/cannot write to the folder out \(permission denied\); nothing was written \(file: \/.*\/out\/result\.json\)$/],
  },
  {
    name: 'keygen into an unwritable output folder (no half key pair)',
    args: (c) => {
      chmodSync(c.out, 0o555);
      return ['keygen', '--scheme', 'ed25519', '--out', join(c.out, 'k.pem'), '--passphrase-file', c.put('long.txt', 'a long enough passphrase\n')];
    },
    unprivileged: true,
    code: 1,
    says: [/cannot write to the folder out \(permission denied\).* \(file: \/.*\/out\/k\.pem/],
  },
  { name: 'an output folder under a regular file', args: (c) => ['sign', ceremonyDas, '--key', cliFixture('JH.ed25519'), '--passphrase-file', c.pass, '--out', join(c.pass, 'result.json')], code: 1, says: ['hunter2.txt', 'nothing was written'] },
  {
    name: 'an existing output without --force',
    existingOutput: { 'result.json': 'an earlier signature, not to be lost' },
    args: (c) => signWithJh(c, ceremonyDas),
    code: 1,
    says: ['result.json', 'already exists', '--force'],
  },
  {
    name: 'keygen onto an existing public key without --force',
    existingOutput: { 'k.pub': 'someone else\'s public key' },
    args: (c) => ['keygen', '--scheme', 'ed25519', '--out', join(c.out, 'k.pem'), '--passphrase-file', c.put('long.txt', 'a long enough passphrase\n')],
    code: 1,
    says: ['k.pub', 'already exists'],
  },

  // --- usage -----------------------------------------------------------------------------
  { name: 'sign without FILE', args: () => ['sign', '--key', cliFixture('JH.ed25519')], code: 2, says: ['expected exactly one FILE'] },
  { name: 'sign without --key', args: () => ['sign', ceremonyDas], code: 2, says: ['give either --key or --pkcs11-module'] },
  { name: 'an unknown option', args: () => ['verify', ceremonyDas, '--frobnicate'], code: 2, says: ["Unknown option '--frobnicate'"] },
  { name: 'keygen without --out', args: (c) => ['keygen', '--scheme', 'ed25519', '--passphrase-file', c.pass], code: 2, says: ['--out is required'] },
  { name: 'an unknown command', args: () => ['sigh', ceremonyDas], code: 2, says: ['unknown command "sigh"'] },
];

describe('bad input through rstuf-signer: exit code, one specific line on stderr, nothing left behind', () => {
  let base: string;
  beforeAll(() => {
    ensureCliBuilt();
    base = mkdtempSync(join(tmpdir(), 'foundation-bad-input-'));
    // The unprivileged rows run as nobody, who must reach their files and the CLI itself.
    chmodSync(base, 0o755);
    if (RUNNING_AS_ROOT) {
      const probe = runCli(['--help'], base, true);
      if (probe.code !== 0) throw new Error(`the permission rows run the CLI as uid ${NOBODY}, which cannot run it here (is the checkout readable by others?): ${probe.stderr}`);
    }
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('the table covers every case the issue lists', () => {
    const names = ROWS.map((r) => r.name).join('\n');
    for (const topic of ['malformed JSON', 'not TUF', '_type', 'missing', 'float', 'duplicate key', 'unauthorized', 'wrong passphrase', 'truncated PEM', 'unsupported scheme', '100 MB', 'unwritable output folder', 'existing output', 'lone surrogate', '2^53']) {
      expect(names, topic).toContain(topic);
    }
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const work = join(base, row.name.replace(/[^a-z0-9]+/gi, '-'));
    const out = join(work, 'out');
    mkdirSync(out, { recursive: true });
    chmodSync(work, 0o755);
    const ctx: Ctx = {
      work,
      out,
      pass: '',
      put(name, data) {
        writeFileSync(join(work, name), data);
        return join(work, name);
      },
      putJson(name, value) {
        return ctx.put(name, JSON.stringify(value, null, 2));
      },
    };
    ctx.pass = ctx.put('hunter2.txt', `${FIXTURE_PASSWORD}\n`);
    for (const [name, content] of Object.entries(row.existingOutput ?? {})) writeFileSync(join(out, name), content);
    const args = row.args(ctx);

    const r = runCli(args, work, row.unprivileged === true && RUNNING_AS_ROOT);

    expect(r.code, r.stderr).toBe(row.code);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
    const lines = r.stderr.trimEnd().split('\n');
    const first = lines[0] as string;
    expect(first).toMatch(/^rstuf-signer: /);
    for (const words of row.says) {
      if (typeof words === 'string') expect(first).toContain(words);
      else expect(first).toMatch(words);
    }
    if (row.code === 1) expect(lines).toHaveLength(1);
    else expect(lines.slice(1).join('\n')).toMatch(/Usage: rstuf-signer|Commands:/);

    chmodSync(out, 0o755);
    expect(readdirSync(out).sort()).toEqual(Object.keys(row.existingOutput ?? {}).sort());
    for (const [name, content] of Object.entries(row.existingOutput ?? {})) expect(readFileSync(join(out, name), 'utf8')).toBe(content);
    expect(readdirSync(work).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it.skipIf(!RUNNING_AS_ROOT)('as root, the permission rows really ran unprivileged (chmod alone does not stop root)', () => {
    const dir = join(base, 'an-unwritable-output-folder', 'out');
    // The directory kept its 0555 from the row until the check above restored it: prove the
    // unprivileged user cannot write there, so the row was not passing by accident.
    chmodSync(dir, 0o555);
    const probe = spawnSync('sh', ['-c', `touch ${dir}/probe`], { uid: NOBODY, gid: NOBODY });
    expect(probe.status).not.toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o555);
    chmodSync(dir, 0o755);
  });
});

/** Runs bin/rstuf-signer.js, as an unprivileged user when asked, with an empty signer home. */
function runCli(args: string[], cwd: string, unprivileged: boolean): { code: number; stdout: string; stderr: string } {
  // The signer home is the unprivileged user's own (a signature is recorded in its audit log).
  if (unprivileged) {
    mkdirSync(join(cwd, 'home'), { recursive: true, mode: 0o700 });
    chownSync(join(cwd, 'home'), NOBODY, NOBODY);
  }
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/rstuf-signer.js'), ...args], {
    cwd,
    env: { ...process.env, RSTUF_SIGNER_HOME: join(cwd, 'home'), HOME: cwd },
    input: '',
    encoding: 'utf8',
    timeout: 120_000,
    ...(unprivileged ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
