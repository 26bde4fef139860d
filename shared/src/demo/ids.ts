import { idNumberCheckChar } from '../privacy/id-number';
import type { Random } from './random';

/**
 * A fake but well-formed resident ID number (GB 11643): area code, birth date, a sequence whose parity is
 * the gender, and the check character. `taken` keeps numbers unique within one generated data set.
 */
export function fakeIdNumber(
  rng: Random,
  areaCode: string,
  birthDate: string,
  male: boolean,
  taken: Set<string>,
): string {
  const birth = birthDate.replaceAll('-', '');
  let seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
  for (let tries = 0; tries < 1000; tries++) {
    const first17 = `${areaCode}${birth}${String(seq).padStart(3, '0')}`;
    const id = `${first17}${idNumberCheckChar(first17)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
    seq = (seq + 2) % 1000;
  }
  throw new Error(`demo: no free ID number for ${areaCode} ${birthDate}`);
}

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

const orgValue = (ch: string): number => (ch >= '0' && ch <= '9' ? Number(ch) : ch.charCodeAt(0) - 55);

/** The GB 11714 check character of an 8-character organization code. */
function orgCheckChar(code8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(code8[i] ?? '0') * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The GB 32100 check character of the first 17 characters of a 统一社会信用代码. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(first17[i] ?? '0') * (CREDIT_WEIGHTS[i] ?? 0);
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31] ?? '0';
}

/**
 * A well-formed 统一社会信用代码: registration authority and kind (`91` company, `93` cooperative, `11` a
 * government body), the region code, an organization code with its check, and the final check.
 */
export function fakeCreditCode(
  rng: Random,
  kind: '91' | '92' | '93' | '11',
  regionCode: string,
  taken: Set<string>,
): string {
  for (let tries = 0; tries < 1000; tries++) {
    const org8 = rng.chars('0123456789ABCDEFGHJKLMNPQRTUWXY', 8);
    const first17 = `${kind}${regionCode}${org8}${orgCheckChar(org8)}`;
    const code = `${first17}${creditCodeCheckChar(first17)}`;
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
  throw new Error('demo: no free credit code');
}
