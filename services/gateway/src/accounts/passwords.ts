import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~30–60 ms
 * on one core here, paid only at sign-in and password change, and run on libuv's thread pool, so requests
 * in flight are not held up meanwhile. argon2id is the library's default algorithm (its enum is a const enum,
 * which isolated modules cannot read); the tests check the stored hash says `$argon2id$`.
 */
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, options);

/** False for a wrong password and for a stored value that is not a hash at all. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A hash that matches nothing anyone types, checked when the username is unknown, so an unknown name costs
 * the same time as a wrong password and the answer's timing does not tell which names exist.
 */
let decoy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<false> {
  decoy ??= hashPassword(`decoy-${randomInt(2 ** 40)}-${Date.now()}`);
  await verifyPassword(await decoy, password);
  return false;
}

/** The demo accounts' password (demo mode only); refused as a chosen password, like any published one. */
export const DEMO_PASSWORD = 'Qihang@2026';

/** Passwords people pick first, at 10 characters or more; compared lowercased. */
const common = new Set(
  [
    '1234567890',
    '12345678910',
    '0123456789',
    '9876543210',
    '1111111111',
    '0000000000',
    '1234512345',
    '1122334455',
    '1qaz2wsx3edc',
    'qwertyuiop',
    'qwerty123456',
    'qwe1234567',
    'asdfghjkl;',
    'a123456789',
    'a1234567890',
    'abc1234567',
    'abcd123456',
    'abc123456789',
    'aa12345678',
    'password12',
    'password123',
    'password1234',
    'passw0rd12',
    'p@ssw0rd12',
    'p@ssword123',
    'admin12345',
    'admin123456',
    'admin@1234',
    'admin@12345',
    'administrator',
    'woaini1314',
    'woaini520520',
    '5201314520',
    'iloveyou123',
    'qihang2026',
    'qihang@2026',
    'qihang12345',
    'qihang123456',
    'changeme123',
    'welcome123',
    'letmein1234',
    'zxcvbnm123',
    '1q2w3e4r5t',
    DEMO_PASSWORD,
  ].map((p) => p.toLowerCase()),
);

const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/**
 * The password rules, each with the sentence shown to the person (the console shows `message` as it is).
 * Returns the first rule broken, or null when the password is acceptable.
 */
export function passwordProblem(password: string, username: string | null): string | null {
  if ([...password].length < 10) return '密码至少需要 10 个字符';
  if (password.length > 128) return '密码不能超过 128 个字符';
  const lower = password.toLowerCase();
  const name = username?.toLowerCase() ?? '';
  if (name && (lower === name || (name.length >= 3 && lower.includes(name)))) {
    return '密码不能与用户名相同，也不能包含用户名';
  }
  if (classes.filter((c) => c.test(password)).length < 2) {
    return '密码不能只由一类字符组成（如全是数字或全是小写字母），请混合使用大小写字母、数字或符号';
  }
  if (common.has(lower) || new Set(lower).size <= 2) return '这个密码太常见，容易被猜中，请换一个';
  return null;
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/**
 * A one-time password for a new or reset account: 16 characters (~92 bits), in groups of four for reading
 * out, always of upper case, lower case and digits, so it meets the rules it is about to be replaced under.
 */
export function generateInitialPassword(): string {
  for (;;) {
    const chars = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
    const grouped = chars.match(/.{4}/g)!.join('-');
    if (/[A-Z]/.test(chars) && /[a-z]/.test(chars) && /[0-9]/.test(chars)) return grouped;
  }
}
