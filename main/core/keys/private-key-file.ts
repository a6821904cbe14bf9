// Reading private key files in every format RSTUF key holders have on disk:
// - PKCS#8 `ENCRYPTED PRIVATE KEY` with PBES2 (what pyca/cryptography and our keygen write);
// - traditional OpenSSL PEM with `Proc-Type: 4,ENCRYPTED` (e.g. RSTUF's hsm-9c.ecdsa);
// - PKCS#8 with PBES1 pbeWithMD5AndDES-CBC (RSTUF's JJ.ecdsa and JC.rsa test keys), which
//   OpenSSL 3 refuses without its legacy provider: decrypted here with node-forge's DES;
// - legacy securesystemslib files `salt@@@@iterations@@@@hmac@@@@iv@@@@ciphertext`.
// Passphrases are taken as Buffers so callers can zero them after use.

import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type forge from 'node-forge';
import { SignerError } from '../../../shared/errors.js';
import { parseStrictJson } from '../../../shared/json/strict-json.js';

export type PrivateKeyFormat = 'pkcs8-pbes2' | 'pkcs8-pbes1-md5-des' | 'traditional-encrypted' | 'unencrypted' | 'securesystemslib-legacy';

export interface LoadedPrivateKey {
  key: KeyObject;
  format: PrivateKeyFormat;
  /** The scheme a legacy securesystemslib file names, if any. */
  legacyScheme?: string;
}


/** Tells what kind of private key text this is, without a passphrase. */
/** A private key file is a few KB at most; anything larger is refused unread. */
export const MAX_PRIVATE_KEY_FILE_BYTES = 64 * 1024;

export function describePrivateKeyText(text: string): { encrypted: boolean; format: PrivateKeyFormat | 'unknown' } {
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return { encrypted: true, format: pemBody(text, 'ENCRYPTED PRIVATE KEY') && isPbes1(text) ? 'pkcs8-pbes1-md5-des' : 'pkcs8-pbes2' };
  }
  if (/-----BEGIN (RSA |EC |)PRIVATE KEY-----/.test(text)) {
    return /Proc-Type:\s*4,ENCRYPTED/.test(text) ? { encrypted: true, format: 'traditional-encrypted' } : { encrypted: false, format: 'unencrypted' };
  }
  if (/^[0-9a-f]+@@@@[0-9]+@@@@[0-9a-f]+@@@@[0-9a-f]+@@@@[0-9a-f]+\s*$/.test(text)) return { encrypted: true, format: 'securesystemslib-legacy' };
  return { encrypted: false, format: 'unknown' };
}

/**
 * Loads a private key. `passphrase` may be omitted only for an unencrypted file.
 * Errors: KEY_UNREADABLE (not a key, truncated), PASSPHRASE_REQUIRED, PASSPHRASE_WRONG, KEY_UNSUPPORTED.
 */
export function loadPrivateKey(text: string, passphrase?: Buffer): LoadedPrivateKey {
  if (text.length > MAX_PRIVATE_KEY_FILE_BYTES) throw new SignerError('KEY_UNREADABLE', `a private key file is at most a few KB; this one is ${text.length} bytes`);
  const { encrypted, format } = describePrivateKeyText(text);
  if (format === 'unknown') {
    if (text.includes('-----BEGIN PUBLIC KEY-----') || text.includes('-----BEGIN CERTIFICATE-----')) {
      throw new SignerError('KEY_UNREADABLE', 'this is a public key or certificate, not a private key');
    }
    throw new SignerError('KEY_UNREADABLE', 'not a PEM private key or securesystemslib key file');
  }
  if (format !== 'securesystemslib-legacy') checkPemIntegrity(text, format);
  if (encrypted && (!passphrase || passphrase.length === 0)) throw new SignerError('PASSPHRASE_REQUIRED', 'the key is encrypted: a passphrase is required');
  switch (format) {
    case 'pkcs8-pbes1-md5-des':
      return { key: decryptPbes1(text, passphrase as Buffer), format };
    case 'securesystemslib-legacy':
      return decryptLegacySslib(text, passphrase as Buffer);
    default:
      return { key: nodeDecrypt(text, encrypted ? passphrase : undefined), format };
  }
}

function nodeDecrypt(text: string, passphrase: Buffer | undefined): KeyObject {
  try {
    return passphrase ? createPrivateKey({ key: text, format: 'pem', passphrase }) : createPrivateKey({ key: text, format: 'pem' });
  } catch (error) {
    const mapped = mapOpenSslError(error);
    if (passphrase && /Proc-Type:\s*4,ENCRYPTED/.test(text) && /DEK-Info:\s*(AES-(128|192|256)|DES-EDE3|DES)-CBC,/i.test(text)) {
      // OpenSSL cannot tell a wrong passphrase from a damaged body here: a wrong key gives
      // garbage that sometimes even passes the padding check and then fails to decode
      // ("unsupported"). The cipher itself is supported, so it is one of those two.
      if (traditionalKeyIsCut(text, passphrase)) throw damaged(error);
      if (mapped.code === 'KEY_UNSUPPORTED') throw new SignerError('PASSPHRASE_WRONG', 'wrong passphrase for this key (or the key file is damaged)', { cause: error });
    }
    throw mapped;
  }
}

const damaged = (cause?: unknown): SignerError => new SignerError('KEY_UNREADABLE', 'the key file is damaged or truncated (the PEM does not decode)', cause === undefined ? undefined : { cause });

/**
 * Structural checks that need no passphrase, so a damaged or cut-off file is reported as such
 * rather than as a wrong passphrase or an unsupported encryption (what OpenSSL would say).
 */
function checkPemIntegrity(text: string, format: PrivateKeyFormat): void {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)(-----END \1-----|$)/.exec(text);
  if (!m) throw damaged();
  if (!m[3]) throw new SignerError('KEY_UNREADABLE', `the key file is truncated: its "-----END ${m[1]}-----" line is missing`);
  const base64 = (m[2] as string).replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw damaged();
  const der = Buffer.from(base64, 'base64');
  if (format === 'traditional-encrypted') {
    // The body is raw CBC ciphertext: whole cipher blocks (8 bytes for DES, 16 for AES).
    const block = /DEK-Info:\s*AES/i.test(text) ? 16 : 8;
    if (der.length % block !== 0) throw damaged();
    return;
  }
  // PKCS#8 and unencrypted PEM bodies are one DER SEQUENCE whose header states its length.
  if (der[0] !== 0x30 || derTotalLength(der) !== der.length) throw damaged();
  if (format === 'pkcs8-pbes2') checkKdfCost(der);
}

function derTotalLength(der: Buffer): number {
  const first = der[1];
  if (first === undefined) return -1;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return -1;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (der[2 + i] as number);
  return 2 + n + length;
}

/**
 * For a traditional encrypted PEM that OpenSSL says it cannot decrypt: with the right passphrase
 * the first cipher block still decrypts to the DER header, whose length tells whether the file
 * was cut short (lines lost in a copy) rather than the passphrase being wrong.
 */
function traditionalKeyIsCut(text: string, passphrase: Buffer): boolean {
  const info = /DEK-Info:\s*AES-(128|192|256)-CBC,([0-9A-Fa-f]{32})/.exec(text);
  if (!info) return false;
  const keyLength = Number(info[1]) / 8;
  const iv = Buffer.from(info[2] as string, 'hex');
  // OpenSSL's EVP_BytesToKey with MD5, one round, salt = first 8 bytes of the IV.
  let derived = Buffer.alloc(0);
  let block = Buffer.alloc(0);
  while (derived.length < keyLength) {
    block = createHash('md5').update(block).update(passphrase).update(iv.subarray(0, 8)).digest();
    derived = Buffer.concat([derived, block]);
  }
  const base64 = (/-----BEGIN [A-Z ]+-----([\s\S]*?)-----END/.exec(text)?.[1] ?? '').replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
  const ciphertext = Buffer.from(base64, 'base64');
  if (ciphertext.length < 16) return false;
  const decipher = createDecipheriv(`aes-${info[1]}-cbc`, derived.subarray(0, keyLength), iv).setAutoPadding(false);
  const head = decipher.update(ciphertext.subarray(0, 16));
  derived.fill(0);
  const total = head[0] === 0x30 ? derTotalLength(head) : -1;
  head.fill(0);
  // The right passphrase gives a DER header; PKCS#7 padding adds 1..16 bytes after it.
  return total > 0 && Math.ceil((total + 1) / 16) * 16 !== ciphertext.length;
}

function mapOpenSslError(error: unknown): SignerError {
  const e = error as { code?: string; message?: string };
  const message = `${e.code ?? ''} ${e.message ?? ''}`;
  if (/BAD_DECRYPT|bad decrypt|wrong tag|DECRYPT/i.test(message)) return new SignerError('PASSPHRASE_WRONG', 'wrong passphrase for this key', { cause: error });
  if (/UNSUPPORTED/i.test(message)) return new SignerError('KEY_UNSUPPORTED', `the key's encryption is not supported: ${e.message ?? ''}`, { cause: error });
  return new SignerError('KEY_UNREADABLE', 'the key file is damaged or truncated (the PEM does not decode)', { cause: error });
}

function pemBody(text: string, label: string): Buffer | undefined {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  if (!m || !m[1]) return undefined;
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

// node-forge takes about 40 ms to load and only PBES1 keys need it: loaded on first use, so
// signing with any other key (and every CLI command that reads one) does not pay for it.
let forgeModule: typeof forge | undefined;
function nodeForge(): typeof forge {
  forgeModule ??= createRequire(import.meta.url)('node-forge') as typeof forge;
  return forgeModule;
}

// EncryptedPrivateKeyInfo ::= SEQUENCE { SEQUENCE { OID, params }, OCTET STRING }: the OID is the
// first thing inside the first inner SEQUENCE; DER 06 09 + 2A 86 48 86 F7 0D 01 05 03 for PBES1.
const PBE_MD5_DES_OID_DER = Buffer.from('06092a864886f70d010503', 'hex');

/** Offset of the contents of the DER element at `at` if it has tag `tag`, else -1. */
function derContents(der: Buffer, at: number, tag: number): number {
  if (der[at] !== tag) return -1;
  const first = der[at + 1];
  if (first === undefined) return -1;
  if (first < 0x80) return at + 2;
  const lengthBytes = first & 0x7f;
  return lengthBytes >= 1 && lengthBytes <= 4 && at + 2 + lengthBytes <= der.length ? at + 2 + lengthBytes : -1;
}

function isPbes1(text: string): boolean {
  const der = pemBody(text, 'ENCRYPTED PRIVATE KEY');
  if (!der) return false;
  const outer = derContents(der, 0, 0x30);
  const algorithm = outer < 0 ? -1 : derContents(der, outer, 0x30);
  return algorithm >= 0 && der.subarray(algorithm, algorithm + PBE_MD5_DES_OID_DER.length).equals(PBE_MD5_DES_OID_DER);
}

/** PKCS#5 v1.5 PBES1 with MD5 and DES-CBC (PBKDF1: key = first 8 bytes, IV = next 8 of MD5^c). */
function decryptPbes1(text: string, passphrase: Buffer): KeyObject {
  let salt: Buffer;
  let iterations: number;
  let ciphertext: Buffer;
  try {
    const der = pemBody(text, 'ENCRYPTED PRIVATE KEY') as Buffer;
    const seq = nodeForge().asn1.fromDer(nodeForge().util.createBuffer(der.toString('binary')));
    const [algorithm, data] = seq.value as forge.asn1.Asn1[];
    const params = ((algorithm as forge.asn1.Asn1).value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
    const [saltNode, countNode] = params.value as forge.asn1.Asn1[];
    salt = Buffer.from((saltNode as forge.asn1.Asn1).value as string, 'binary');
    iterations = nodeForge().util.createBuffer((countNode as forge.asn1.Asn1).value as string).getInt(((countNode as forge.asn1.Asn1).value as string).length * 8);
    ciphertext = Buffer.from((data as forge.asn1.Asn1).value as string, 'binary');
  } catch (error) {
    throw new SignerError('KEY_UNREADABLE', 'the key file is damaged or truncated (the PEM does not decode)', { cause: error });
  }
  if (iterations < 1 || iterations > 10_000_000) throw new SignerError('KEY_UNREADABLE', `implausible PBES1 iteration count ${iterations}`);
  let derived = createHash('md5').update(passphrase).update(salt).digest();
  for (let i = 1; i < iterations; i++) derived = createHash('md5').update(derived).digest();
  const decipher = nodeForge().cipher.createDecipher('DES-CBC', nodeForge().util.createBuffer(derived.subarray(0, 8).toString('binary')));
  decipher.start({ iv: nodeForge().util.createBuffer(derived.subarray(8, 16).toString('binary')) });
  decipher.update(nodeForge().util.createBuffer(ciphertext.toString('binary')));
  derived.fill(0);
  // finish() checks the PKCS#5 padding: a wrong passphrase almost always fails here.
  if (!decipher.finish()) throw new SignerError('PASSPHRASE_WRONG', 'wrong passphrase for this key');
  const plain = Buffer.from(decipher.output.getBytes(), 'binary');
  try {
    return createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new SignerError('PASSPHRASE_WRONG', 'wrong passphrase for this key', { cause: error });
  } finally {
    plain.fill(0);
  }
}

/** securesystemslib's pre-1.0 encrypted key file (PBKDF2-SHA256, AES-256-CTR, HMAC-SHA256). */
function decryptLegacySslib(text: string, passphrase: Buffer): LoadedPrivateKey {
  const [saltHex, iterText, hmacHex, ivHex, ctHex] = text.trim().split('@@@@') as [string, string, string, string, string];
  const iterations = Number(iterText);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000_000) throw new SignerError('KEY_UNREADABLE', 'implausible iteration count in securesystemslib key file');
  const derived = pbkdf2Sync(passphrase, Buffer.from(saltHex, 'hex'), iterations, 32, 'sha256');
  const ciphertext = Buffer.from(ctHex, 'hex');
  const expectedMac = Buffer.from(hmacHex, 'hex');
  const mac = createHmac('sha256', derived).update(ciphertext).digest();
  if (mac.length !== expectedMac.length || !timingSafeEqual(mac, expectedMac)) {
    derived.fill(0);
    throw new SignerError('PASSPHRASE_WRONG', 'wrong passphrase for this key');
  }
  const decipher = createDecipheriv('aes-256-ctr', derived, Buffer.from(ivHex, 'hex'));
  const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  derived.fill(0);
  try {
    const dict = parseStrictJson(plain.toString('utf8')) as { keytype?: string; scheme?: string; keyval?: { public?: string; private?: string } };
    const priv = dict.keyval?.private ?? '';
    if (dict.keytype === 'ed25519') {
      // PKCS#8 wrapper for a raw 32-byte ed25519 seed.
      const seed = Buffer.from(priv.slice(0, 64), 'hex');
      const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
      const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      seed.fill(0);
      return { key, format: 'securesystemslib-legacy', legacyScheme: dict.scheme ?? 'ed25519' };
    }
    return { key: createPrivateKey(priv), format: 'securesystemslib-legacy', ...(dict.scheme ? { legacyScheme: dict.scheme } : {}) };
  } catch (error) {
    throw new SignerError('KEY_UNREADABLE', 'the securesystemslib key file decrypted but holds no usable key', { cause: error });
  } finally {
    plain.fill(0);
  }
}

// ---------------------------------------------------------------- key derivation cost

/** The most PBKDF2 iterations a key file may ask for (RSTUF's CLI and our keygen use 600,000). */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** The most memory scrypt may ask for (128 * N * r bytes) and its largest parallelism. */
export const MAX_SCRYPT_BYTES = 256 * 1024 * 1024;
export const MAX_SCRYPT_PARALLELISM = 16;

const OID_PBES2 = '2a864886f70d01050d';
const OID_PBKDF2 = '2a864886f70d01050c';
const OID_SCRYPT = '2b06010401da47040b';

interface Tlv {
  tag: number;
  value: Buffer;
}

/** The TLVs of a DER constructed value's contents (undefined when they do not parse). */
function derChildren(content: Buffer): Tlv[] | undefined {
  const out: Tlv[] = [];
  let i = 0;
  while (i < content.length) {
    const tag = content[i] as number;
    let len = content[i + 1];
    if (len === undefined) return undefined;
    let at = i + 2;
    if (len >= 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || at + n > content.length) return undefined;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + (content[at + k] as number);
      at += n;
    }
    if (at + len > content.length) return undefined;
    out.push({ tag, value: content.subarray(at, at + len) });
    i = at + len;
  }
  return out;
}

/** A DER INTEGER's value; Infinity when it is too long to be a sane count. */
const derInteger = (t: Tlv | undefined): number | undefined => {
  if (!t || t.tag !== 0x02 || t.value.length === 0) return undefined;
  if (t.value.length > 6) return Number.POSITIVE_INFINITY;
  let n = 0;
  for (const b of t.value) n = n * 256 + b;
  return n;
};

/**
 * Refuses an encrypted PKCS#8 key whose key derivation would take hours or gigabytes (a crafted
 * file must not hang the signer), before OpenSSL runs it. A file this code cannot parse is left to
 * OpenSSL, which reports it.
 */
function checkKdfCost(der: Buffer): void {
  const top = derChildren(der)?.[0];
  const info = top && top.tag === 0x30 ? derChildren(top.value) : undefined;
  const algorithm = info?.[0]?.tag === 0x30 ? derChildren(info[0].value) : undefined;
  if (algorithm?.[0]?.tag !== 0x06 || algorithm[0].value.toString('hex') !== OID_PBES2 || algorithm[1]?.tag !== 0x30) return;
  const pbes2 = derChildren(algorithm[1].value);
  const kdf = pbes2?.[0]?.tag === 0x30 ? derChildren(pbes2[0].value) : undefined;
  const oid = kdf?.[0]?.tag === 0x06 ? kdf[0].value.toString('hex') : undefined;
  const params = kdf?.[1]?.tag === 0x30 ? derChildren(kdf[1].value) : undefined;
  if (!params) return;
  if (oid === OID_PBKDF2) {
    const iterations = derInteger(params[1]);
    if (iterations !== undefined && iterations > MAX_PBKDF2_ITERATIONS) {
      throw new SignerError('KEY_UNSUPPORTED', `the key file asks for ${Number.isFinite(iterations) ? iterations.toLocaleString('en-US') : 'an enormous number of'} PBKDF2 iterations, more than the ${MAX_PBKDF2_ITERATIONS.toLocaleString('en-US')} this signer runs; it was not decrypted`);
    }
  } else if (oid === OID_SCRYPT) {
    const n = derInteger(params[1]);
    const r = derInteger(params[2]);
    const p = derInteger(params[3]);
    if (n !== undefined && r !== undefined && (128 * n * r > MAX_SCRYPT_BYTES || (p ?? 1) > MAX_SCRYPT_PARALLELISM)) {
      throw new SignerError('KEY_UNSUPPORTED', `the key file asks scrypt for more than ${MAX_SCRYPT_BYTES / 1048576} MB of memory or a parallelism above ${MAX_SCRYPT_PARALLELISM}; it was not decrypted`);
    }
  }
}
