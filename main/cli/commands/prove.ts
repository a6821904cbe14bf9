import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { describeKeyProof } from '../../../shared/review/warnings.js';
import { ceremonyOf, challengeFileName, makeChallenges, parseChallenge, pendingRootOf, proveChallenge, verifyProof, type ProofChallenge } from '../../core/ceremony/proof.js';
import { writeFileAtomic } from '../../core/platform/atomic-file.js';
import { appPaths, defaultDataDir } from '../../core/platform/data-dir.js';
import { createPkcs11Signer } from '../../core/signers/pkcs11-signer.js';
import type { AsyncSigner } from '../../core/signers/signer.js';
import { listKeys } from '../../core/tokens/token-list.js';
import { parseJsonText, readTextFile } from '../../core/tuf/load-document.js';
import { computeKeyId, sameKey } from '../../core/tuf/tuf-keys.js';
import { MAX_PROOF_BYTES, ProofStore, readProofFile } from '../../services/proofs.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { keyFileSigner } from '../keys.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { onlyToken, readPin } from '../token-signer.js';
import { exchangeName } from '../../core/exchange/bundle.js';

const HELP = `Usage: rstuf-signer prove --challenge CHALLENGE.json --key KEY.pem [--passphrase-file F] --out PROOF.json
       rstuf-signer prove --challenge CHALLENGE.json --pkcs11-module PATH [--token LABEL|SERIAL] [--pin-file F] --out PROOF.json
       rstuf-signer prove challenge FILE --out DIR [--repository NAME] [--trusted-root ROOT.json]
       rstuf-signer prove import PROOF.json... --for FILE [--repository NAME]

Proof of possession: each new root key's holder shows, before the root is signed, that they hold
the private key of the public key the coordinator put in the ceremony.

  prove challenge  (coordinator) one challenge file per new root key of FILE's pending root (a
                   bootstrap or root update payload, or its bundle folder). A challenge binds the
                   repository name (default: the bundle's API, else FILE's name), the sha256 of the
                   root's key list, the key id and today's date.
  prove            (key holder, on their own laptop) signs the challenge with the key it names and
                   writes the proof; the laptop keeps a copy in its data folder.
  prove import     (coordinator) checks each proof against FILE's pending root and stores it in the
                   data folder; \`rstuf-signer inspect FILE\` then says per new key "proved by signing
                   on DATE" or "not proved". A changed proof, or one made for another ceremony, is
                   refused with the file named.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'challenge') return challenge(argv.slice(1), io);
  if (argv[0] === 'import') return importProofs(argv.slice(1), io);
  return prove(argv, io);
}

async function prove(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      challenge: { type: 'string' },
      key: { type: 'string' },
      'passphrase-file': { type: 'string' },
      'pkcs11-module': { type: 'string' },
      token: { type: 'string' },
      'pin-file': { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
    },
    HELP,
  );
  if (positionals.length > 0) throw new SignerError('USAGE', `unexpected argument "${positionals[0]}"\n\n${HELP}`);
  if (!values.challenge) throw new SignerError('USAGE', `--challenge is required\n\n${HELP}`);
  if (!values.out) throw new SignerError('USAGE', `--out is required\n\n${HELP}`);
  if (!values.key === !values['pkcs11-module']) throw new SignerError('USAGE', `give either --key or --pkcs11-module\n\n${HELP}`);
  const out = values.out;
  if (!values.force && existsSync(out)) throw new SignerError('OUTPUT_EXISTS', `${out} already exists; choose another name with --out or pass --force to replace it`);
  const source = basename(values.challenge);
  const challengeFile = parseChallenge(parseJsonText(readTextFile(values.challenge, MAX_PROOF_BYTES), source), source);
  // Said before any passphrase or PIN: what this signature will vouch for.
  io.stdout(`Challenge for key ${challengeFile.key_name} (key id ${challengeFile.keyid}) of repository "${challengeFile.repository}", made ${challengeFile.date}`);
  io.stdout(`  ceremony: root key list sha256 ${challengeFile.key_list_sha256}`);

  const signer = values.key ? await keyFileSigner(values.key, values['passphrase-file'], io) : await tokenSigner(values['pkcs11-module'] as string, values.token, values['pin-file'], challengeFile, io);
  try {
    const proof = await proveChallenge(challengeFile, signer, new Date());
    writeFileAtomic(out, `${JSON.stringify(proof, null, 2)}\n`, { overwrite: values.force ?? false });
    // The holder's laptop remembers what it proved, for its own later checks.
    new ProofStore(appPaths(defaultDataDir()).proofs).recordMade(proof);
    io.stdout(`Proved key ${challengeFile.key_name} with ${signer.source}; wrote ${out}. Hand it to the coordinator (rstuf-signer prove import).`);
    return 0;
  } finally {
    await signer.dispose();
  }
}

/** The token key that is the challenge's key, opened through the same PKCS#11 signer `sign` uses. */
async function tokenSigner(module: string, token: string | undefined, pinFile: string | undefined, c: ProofChallenge, io: CliIo): Promise<AsyncSigner> {
  const tokenRef = token ?? (await onlyToken(module));
  const keys = await listKeys(module, tokenRef);
  const match = keys.find((k) => k.publicKey !== undefined && sameKey(k.publicKey, c.key));
  if (!match) {
    const onToken = keys.map((k) => `${k.displayName}${k.publicKey ? ` (${computeKeyId(k.publicKey).slice(0, 8)})` : ''}`).join(', ') || 'none';
    throw new SignerError('TOKEN_KEY_NOT_FOUND', `no key on token "${tokenRef}" is the key this challenge is for (${c.key_name}, ${c.keyid.slice(0, 8)}); keys on the token: ${onToken}`);
  }
  return createPkcs11Signer({
    modulePath: module,
    token: tokenRef,
    keyId: match.id,
    expectedKey: c.key,
    pin: (request) => readPin(request, pinFile, io),
    onWaitingForTouch: ({ token: t, key }) => io.stderr(`Touch your key now if it blinks (${t}, ${key})...`),
  });
}

async function challenge(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, repository: { type: 'string' }, 'trusted-root': { type: 'string' } }, HELP);
  const file = requireOne(positionals, 'FILE', HELP);
  if (!values.out) throw new SignerError('USAGE', `--out DIR is required\n\n${HELP}`);
  const opened = openInput(file);
  const trustedRoot = openTrustedRoot(values['trusted-root']);
  const challenges = makeChallenges(opened.doc, {
    repository: values.repository ?? exchangeName(opened.bundle, basename(file)),
    now: new Date(),
    ...(trustedRoot ? { trustedRoot } : {}),
  });
  const targets = challenges.map((c) => join(values.out as string, challengeFileName(c)));
  const existing = targets.find((t) => existsSync(t));
  if (existing) throw new SignerError('OUTPUT_EXISTS', `${existing} already exists; choose another --out folder`);
  mkdirSync(values.out, { recursive: true });
  challenges.forEach((c, i) => {
    writeFileAtomic(targets[i] as string, `${JSON.stringify(c, null, 2)}\n`);
    io.stdout(`${targets[i]}: key ${c.key_name} (${c.keyid.slice(0, 8)})`);
  });
  io.stdout(`${challenges.length} challenge${challenges.length === 1 ? '' : 's'} for repository "${challenges[0]?.repository}", root key list sha256 ${challenges[0]?.key_list_sha256}`);
  return 0;
}

async function importProofs(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { for: { type: 'string' }, repository: { type: 'string' } }, HELP);
  if (positionals.length === 0) throw new SignerError('USAGE', `give at least one PROOF.json\n\n${HELP}`);
  if (!values.for) throw new SignerError('USAGE', `--for FILE is required: the payload (or bundle) the proofs are for\n\n${HELP}`);
  const { doc } = openInput(values.for);
  const root = pendingRootOf(doc);
  if (!root) throw new SignerError('INPUT_UNKNOWN_KIND', `${doc.source} holds no pending root; proofs of possession are for a bootstrap or root update payload`);
  const ceremony = ceremonyOf(root.signed, values.repository);
  const store = new ProofStore(appPaths(defaultDataDir()).proofs);
  // Every file is checked before any is stored: one bad proof stores nothing.
  const proofs = positionals.map((p) => ({ name: basename(p), proof: readProofFile(p) }));
  for (const { name, proof } of proofs) verifyProof(proof, ceremony, name);
  for (const { name, proof } of proofs) {
    const { status, added } = store.import(proof, ceremony, name);
    io.stdout(`${name}: key ${status.name} (${status.keyid.slice(0, 8)}) ${describeKeyProof(status)}${added ? '' : ' (already imported)'}`);
  }
  return 0;
}
