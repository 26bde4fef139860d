import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `qh_<prefix>_<secret>`: the 12-hex-character prefix is public (it finds the row through
 * a unique index and appears in listings), the secret is 32 random bytes and is stored only as a hash.
 *
 * Why HMAC-SHA256 and not scrypt: the secret carries 256 bits of CSPRNG entropy, so nobody can guess it
 * from the hash however fast the hash is; a slow KDF only helps low-entropy passwords and would cost tens of
 * milliseconds of CPU on every request. The HMAC key binds the hash to its scheme and its prefix, so a hash
 * copied onto another row does not verify.
 */
const SCHEME = 'hmac-sha256';
const SCHEME_KEY = 'qihang-api-key-v1';
const KEY_PATTERN = /^qh_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  /** The whole key, shown to its holder once. */
  plain: string;
  prefix: string;
  hash: string;
}

export function hashKey(prefix: string, secret: string): string {
  return `${SCHEME}:${createHmac('sha256', SCHEME_KEY).update(`${prefix}.${secret}`).digest('hex')}`;
}

export function generateKey(): GeneratedKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { plain: `qh_${prefix}_${secret}`, prefix, hash: hashKey(prefix, secret) };
}

/** Splits a presented key into prefix and secret; null when it is not shaped like a Qihang key. */
export function parseKey(presented: string): { prefix: string; secret: string } | null {
  const m = KEY_PATTERN.exec(presented.trim());
  return m?.[1] && m[2] ? { prefix: m[1], secret: m[2] } : null;
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function verifyKey(prefix: string, secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(prefix, secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
