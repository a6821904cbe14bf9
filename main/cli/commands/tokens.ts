import { SignerError } from '../../../shared/errors.js';
import { computeKeyId } from '../../core/tuf/tuf-keys.js';
import { discoverModules, moduleCandidate, type ModuleCandidate } from '../../core/tokens/discovery.js';
import { matchKeysToDocument, type KeyMatch } from '../../core/tokens/match-keys.js';
import { listKeys, listTokens, type PinState, type TokenKey, type TokenSummary } from '../../core/tokens/token-list.js';
import { tokenHealth, type TokenHealth } from '../../core/tokens/health.js';
import { WARNING_MARK } from '../../../shared/review/words.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { openInput, openTrustedRoot } from '../open-input.js';

const HELP = `Usage: rstuf-signer tokens [--module PATH] [--for FILE [--trusted-root ROOT.json]] [--json]

Lists PKCS#11 tokens (label, serial, model, PIN state) and their keys (id, label, type, TUF key id).
Without --module it looks for ykcs11 (YubiKey), OpenSC and SoftHSM2 in the usual places for this
system. With --for FILE it marks the keys that FILE asks for, and the roles they may sign.
Each token's health: for a YubiKey its model, serial and firmware, a warning when the firmware is
older than 5.7 (EUCLEAK: ECDSA keys on it can be recovered by someone holding it), each key's PIV
slot and PIN policy where the module tells; other tokens say "no health data". No PIN is needed.`;

interface TokenListing {
  token: TokenSummary;
  keys: (TokenKey & { keyid?: string; signs?: string[] })[];
  health: TokenHealth;
}

interface ModuleListing {
  module: ModuleCandidate;
  tokens: TokenListing[];
  error?: { code: string; message: string };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { module: { type: 'string' }, for: { type: 'string' }, 'trusted-root': { type: 'string' }, json: { type: 'boolean' } },
    HELP,
  );
  if (positionals.length > 0) throw new SignerError('USAGE', `unexpected argument "${positionals[0]}"\n\n${HELP}`);
  const doc = values.for ? openInput(values.for).doc : undefined;
  const trustedRoot = openTrustedRoot(values['trusted-root']);

  const explicit = values.module !== undefined;
  const modules = explicit ? [moduleCandidate(values.module as string)] : discoverModules();
  if (modules.length === 0) {
    const looked = discoverModules({ includeMissing: true }).map((m) => m.path);
    throw new SignerError(
      'TOKEN_MODULE_UNAVAILABLE',
      `no PKCS#11 module found on this computer (looked in ${looked.join(', ')}); install yubico-piv-tool (YubiKey) or OpenSC, or name the module with --module PATH`,
    );
  }

  const listings: ModuleListing[] = [];
  for (const module of modules) {
    try {
      const tokens: TokenListing[] = [];
      for (const token of await listTokens(module.path)) {
        const keys = await listKeys(module.path, token.serial || token.label);
        const matches: KeyMatch[] = doc ? matchKeysToDocument(keys, doc, trustedRoot) : [];
        tokens.push({
          token,
          health: tokenHealth(token, keys),
          keys: keys.map((k) => ({
            ...k,
            ...(k.publicKey ? { keyid: computeKeyId(k.publicKey) } : {}),
            ...(doc ? { signs: matches.filter((m) => m.tokenKey === k).flatMap((m) => m.wanted.roles.map((r) => `${r} as ${m.wanted.name}`)) } : {}),
          })),
        });
      }
      listings.push({ module, tokens });
    } catch (error) {
      // One module failing (pcscd down for ykcs11) must not hide the tokens of another.
      if (explicit || !(error instanceof SignerError)) throw error;
      listings.push({ module, tokens: [], error: { code: error.code, message: error.message } });
    }
  }

  if (values.json) {
    io.stdout(JSON.stringify(listings, null, 2));
    return 0;
  }
  for (const { module, tokens, error } of listings) {
    io.stdout(`${module.name}: ${module.path}`);
    if (error) {
      io.stdout(`  cannot list tokens: ${error.message}`);
      continue;
    }
    if (tokens.length === 0) io.stdout('  no token plugged in');
    for (const { token, keys, health } of tokens) {
      io.stdout(`  token "${token.label}" serial ${token.serial || '(none)'}: ${[token.manufacturer, token.model].filter(Boolean).join(' ')}${token.firmware ? `, firmware ${health.firmware ?? token.firmware}` : ''}; ${pinStateText(token.pin)}`);
      io.stdout(`    health: ${health.summary}`);
      for (const note of health.notes.filter((n) => n.level !== 'info')) io.stdout(`    ${WARNING_MARK[note.level]}: ${note.message}`);
      if (keys.length === 0) io.stdout('    no keys');
      for (const key of keys) {
        const parts = [`id ${key.id || '(none)'}`];
        if (key.label) parts.push(`label "${key.label}"`);
        parts.push(key.bits ? `${key.type} ${key.bits}-bit` : key.type);
        if (key.keyid) parts.push(`keyid ${key.keyid}`);
        if (key.certificateName) parts.push(`certificate "${key.certificateName}"`);
        const name = key.displayName !== key.label ? `${key.displayName}: ` : '';
        io.stdout(`    ${name}${parts.join(', ')}`);
        const kh = health.keys.find((h) => h.id === key.id);
        if (health.known && kh) io.stdout(`      ${kh.slot ? `PIV slot ${kh.slot}; ` : ''}PIN ${kh.pinPolicy === 'always' ? 'asked for every signature' : kh.pinPolicy ? 'not asked for every signature' : 'policy not reported'}; touch policy not reported over PKCS#11`);
        if (key.unusable) io.stdout(`      cannot sign TUF metadata: ${key.unusable}`);
        if (key.signs && key.signs.length > 0) io.stdout(`      can sign ${key.signs.join('; ')}`);
      }
    }
  }
  if (doc && !listings.some((l) => l.tokens.some((t) => t.keys.some((k) => (k.signs ?? []).length > 0)))) {
    io.stdout(`No key on these tokens is one ${values.for} asks for.`);
  }
  return 0;
}

export function pinStateText(pin: PinState): string {
  if (!pin.initialized) return 'no user PIN set';
  if (pin.locked) return 'PIN LOCKED (unblock it with the PUK or security officer PIN)';
  if (pin.finalTry) return 'PIN: one try left, the next wrong PIN locks it';
  if (pin.retriesLow) return 'PIN: a wrong PIN was entered, tries are running low';
  if (pin.toBeChanged) return 'PIN must be changed before use';
  return pin.protectedAuthenticationPath ? 'PIN entered on the device' : 'PIN ok';
}
