// Proof of possession: a holder proves a new key on one data folder, a coordinator on another sees
// it as proved in the review; a changed proof, a proof for another ceremony or repository is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBootstrapPayload, buildUpdatePayload } from '../../../../shared/ceremony/build.js';
import { DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import type { BootstrapInput } from '../../../../shared/ceremony/types.js';
import { SignerError } from '../../../../shared/errors.js';
import { canonicalize } from '../../../../shared/tuf/canonical.js';
import { readDocument } from '../../../../shared/tuf/documents.js';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { RootMetadata } from '../../../../shared/tuf/types.js';
import { ceremonyOf, keyListSha256, makeChallenges, parseChallenge, parseProof, pendingRootOf, proveChallenge, verifyProof, type KeyProof } from '../../../../main/core/ceremony/proof.js';
import { KeyFileSigner } from '../../../../main/core/signers/key-file-signer.js';
import { reviewDocument } from '../../../../main/core/review/review-document.js';
import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { ProofStore } from '../../../../main/services/proofs.js';
import { makeKey, makeOnlineKey, type TestKey } from '../../../helpers/ceremony-keys.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const alice = makeKey('Alice');
const bob = makeKey('Bob', 'ecdsa');
const carol = makeKey('Carol');
const online = makeOnlineKey();
const dirs: string[] = [];
const dataFolder = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'proof-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function bootstrap(keys: TestKey[] = [alice, bob]) {
  const input: BootstrapInput = { expiration: { ...DEFAULT_EXPIRATION }, delegation: { kind: 'bins', count: 16 }, root: { threshold: 2, keys }, onlineKey: online };
  return readDocument(buildBootstrapPayload(input, NOW, publicKeyIdentity).payload as unknown as JsonValue);
}
const signerOf = (k: TestKey): KeyFileSigner => new KeyFileSigner(k.privateKey, `key file ${k.name.toLowerCase()}.pem`);
// The file as it travels: JSON text, parsed back on the other laptop.
const roundTrip = (proof: KeyProof): KeyProof => parseProof(JSON.parse(JSON.stringify(proof)) as JsonValue, 'p.json');
const proofWarnings = (doc: ReturnType<typeof bootstrap>, store: ProofStore) =>
  reviewDocument(doc, { now: NOW.getTime(), proofs: (sha) => store.forKeyList(sha) }).roles[0]!.warnings.filter((w) => w.code.startsWith('key-'));

describe('proof of possession', () => {
  it('a holder proves on one data folder; the coordinator on another sees it as proved, and the other key as not proved', async () => {
    const doc = bootstrap();
    const challenges = makeChallenges(doc, { repository: 'https://rstuf.example.org', now: NOW });
    expect(challenges.map((c) => c.key_name)).toEqual(['Alice', 'Bob']);
    expect(challenges[0]).toMatchObject({ repository: 'https://rstuf.example.org', keyid: alice.keyid, date: '2026-12-03', key_list_sha256: keyListSha256(pendingRootOf(doc)!.signed.keys) });

    // Holder's laptop: the challenge file in, the proof file out.
    const holder = new ProofStore(join(dataFolder(), 'proofs'));
    const challenge = parseChallenge(JSON.parse(JSON.stringify(challenges[0])) as JsonValue, 'c.json');
    const proof = await proveChallenge(challenge, signerOf(alice), new Date('2026-12-04T08:30:00Z'));
    holder.recordMade(proof);
    expect(holder.made()).toHaveLength(1);

    // Coordinator's laptop, another data folder.
    const coordinator = new ProofStore(join(dataFolder(), 'proofs'));
    expect(proofWarnings(doc, coordinator).map((w) => w.code)).toEqual(['key-not-proved', 'key-not-proved']);
    const imported = coordinator.import(roundTrip(proof), ceremonyOf(pendingRootOf(doc)!.signed), 'alice-proof.json');
    expect(imported).toMatchObject({ added: true, status: { keyid: alice.keyid, signedOn: '2026-12-04', signedWith: 'key file alice.pem' } });
    expect(coordinator.import(roundTrip(proof), ceremonyOf(pendingRootOf(doc)!.signed), 'again.json').added).toBe(false);

    const warnings = proofWarnings(doc, coordinator);
    expect(warnings).toEqual([
      { code: 'key-not-proved', level: 'warning', message: expect.stringContaining(`New key Bob (${bob.keyid.slice(0, 8)}) is not proved`) },
      { code: 'key-proved', level: 'info', message: `New key Alice (${alice.keyid.slice(0, 8)}): proved by signing on 2026-12-04 (key file alice.pem).` },
    ]);
  });

  it('refuses a changed proof, naming the file', async () => {
    const doc = bootstrap();
    const [challenge] = makeChallenges(doc, { repository: 'repo', now: NOW });
    const proof = roundTrip(await proveChallenge(challenge!, signerOf(alice), NOW));
    const ceremony = ceremonyOf(pendingRootOf(doc)!.signed);
    const tampered = { ...proof, signed: { ...proof.signed, signed_at: '2026-01-01T00:00:00Z' } };
    expect(() => verifyProof(tampered, ceremony, 'alice-proof.json')).toThrow(/the proof alice-proof.json \(Alice, key id [0-9a-f]{8}\) does not verify: it was changed after it was signed/);
    // Signed by another key than the one it names.
    const forged = roundTrip(await proveChallenge({ ...challenge!, keyid: bob.keyid, key: bob.key, key_name: 'Bob' }, signerOf(bob), NOW));
    const swapped = { ...forged, signed: { ...forged.signed, keyid: alice.keyid, key: alice.key } };
    expect(() => verifyProof(swapped, ceremony, 'x.json')).toThrowError(expect.objectContaining({ code: 'SIGNATURE_INVALID' }) as Error);
    // The store refuses it too, and keeps nothing.
    const store = new ProofStore(join(dataFolder(), 'proofs'));
    expect(() => store.import(tampered, ceremony, 'alice-proof.json')).toThrow(SignerError);
    expect(store.forKeyList(ceremony.keyListSha256)).toEqual([]);
  });

  it('refuses a proof made for another ceremony or another repository', async () => {
    const first = bootstrap([alice, bob]);
    const second = bootstrap([alice, carol]); // Alice enrols again, with another key list
    const [challenge] = makeChallenges(first, { repository: 'repo-a', now: NOW });
    const proof = roundTrip(await proveChallenge(challenge!, signerOf(alice), NOW));
    expect(() => verifyProof(proof, ceremonyOf(pendingRootOf(second)!.signed), 'alice.json')).toThrow(/the proof alice.json \(Alice, key id [0-9a-f]{8}\) is for another ceremony: it was made for a key list with sha256/);
    expect(() => verifyProof(proof, ceremonyOf(pendingRootOf(first)!.signed, 'repo-b'), 'alice.json')).toThrow('is for repository "repo-a", not "repo-b"');
    // And a stored proof of the first ceremony does not prove the key in the second.
    const store = new ProofStore(join(dataFolder(), 'proofs'));
    store.import(proof, ceremonyOf(pendingRootOf(first)!.signed), 'alice.json');
    expect(proofWarnings(second, store).map((w) => w.code)).toEqual(['key-not-proved', 'key-not-proved']);
  });

  it("the holder's laptop warns when a root for the repository and version it proved no longer lists its key", async () => {
    const proved = bootstrap([alice, bob]);
    const [challenge] = makeChallenges(proved, { repository: 'repo', now: NOW });
    const made = [await proveChallenge(challenge!, signerOf(alice), NOW)];
    const missing = (doc: ReturnType<typeof bootstrap>, repository: string) =>
      reviewDocument(doc, { now: NOW.getTime(), madeProofs: { repository, proofs: made } }).roles[0]!.warnings.filter((w) => w.code === 'proved-key-missing');
    expect(missing(proved, 'repo')).toEqual([]);
    const swapped = bootstrap([carol, bob]); // Alice's key replaced after she proved it
    expect(missing(swapped, 'repo')).toEqual([
      { code: 'proved-key-missing', level: 'danger', message: `This laptop proved key Alice (${alice.keyid.slice(0, 8)}) for repository "repo" on 2026-12-03, but this root does not list that key as a root key: the key list changed after the key was proved. Do not sign before the coordinator explains why.` },
    ]);
    expect(missing(swapped, 'another-repo')).toEqual([]);
  });

  it('refuses to prove with a key that is not the challenge key (the one signing path checks it)', async () => {
    const [challenge] = makeChallenges(bootstrap(), { repository: 'repo', now: NOW });
    await expect(proveChallenge(challenge!, signerOf(carol), NOW)).rejects.toMatchObject({ code: 'KEY_NOT_AUTHORIZED' });
  });

  it('a proof signature cannot pass for a signature over the root (its own _type)', async () => {
    const doc = bootstrap();
    const [challenge] = makeChallenges(doc, { repository: 'repo', now: NOW });
    const proof = await proveChallenge(challenge!, signerOf(alice), NOW);
    expect(JSON.parse(canonicalize(proof.signed))._type).toBe('rstuf-signer-key-proof');
    const root = pendingRootOf(doc)!;
    const withProofSig = { ...doc, pending: [{ name: 'root', metadata: { ...root, signatures: [proof.signatures[0]] } as RootMetadata }] };
    expect(reviewDocument(withProofSig, { now: NOW.getTime() }).roles[0]!.signatures.valid).toEqual([]);
  });

  it('for a root update asks only for the keys the trusted root does not have', () => {
    const v1 = pendingRootOf(bootstrap([alice, bob]))!;
    const built = buildUpdatePayload(v1, { add: [carol] }, NOW, publicKeyIdentity);
    const doc = readDocument(built.payload as unknown as JsonValue);
    expect(makeChallenges(doc, { repository: 'repo', now: NOW, trustedRoot: v1 }).map((c) => c.key_name)).toEqual(['Carol']);
  });

  it('says clearly what is wrong with a file that is not a challenge', () => {
    expect(() => parseChallenge({ _type: 'root' }, 'c.json')).toThrow('c.json is not a proof-of-possession challenge ("_type" must be "rstuf-signer-key-proof-challenge", found "root")');
    expect(() => parseProof({ signed: {}, signatures: [] }, 'p.json')).toThrow('p.json is not a proof of possession ("_type" must be');
    expect(() => makeChallenges(bootstrap(), { repository: ' ', now: NOW })).toThrow('must not be empty');
  });
});
