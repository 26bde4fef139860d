import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Signing secrets must be recoverable (we sign with them), so they are encrypted at rest, not hashed:
 * AES-256-GCM with a key derived by HKDF from `config.secrets.idHashKey` under its own info string, so the
 * ID-hash key itself is never used for two purposes. (A dedicated SECRETS_KEY is planned.)
 */
const HKDF_SALT = 'qihang';
const HKDF_INFO = 'qihang/portal-signing-secret/aes-256-gcm/v1';
const VERSION = 'v1';

export function deriveSecretsKey(masterKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, HKDF_INFO, 32));
}

/** A fresh signing secret as portals see it once: `whsec_` + 32 random bytes. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
  return `${VERSION}.${parts.join('.')}`;
}

export class SecretUnreadableError extends Error {
  constructor() {
    super('the signing secret cannot be decrypted (wrong key or damaged value)');
    this.name = 'SecretUnreadableError';
  }
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== VERSION || !iv || !tag || !data) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretUnreadableError();
  }
}
