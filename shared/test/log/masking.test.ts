import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { acceptedRequestId, createLogger, safeUrl } from '../../src/log';
import { maskIdNumbersIn, maskPersonalNumbersIn } from '../../src/privacy/id-number';

const ID = '433101199003074511';
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

function logged(write: (log: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  write(createLogger({ logLevel: 'info' }, {}, stream));
  return lines.join('');
}

describe('ID numbers in every form the API accepts', () => {
  it.each([
    ['full-width digits', fullWidth(ID)],
    ['spaces 6-8-4', '433101 19900307 4511'],
    ['dashes 6-8-4', '433101-19900307-4511'],
    ['full-width dashes', '433101－19900307－4511'],
    ['an ideographic space', '433101\u300019900307\u30004511'],
  ])('are masked with %s', (_form, written) => {
    const masked = maskIdNumbersIn(`身份证号${written}有误`);
    expect(masked).toBe('身份证号433101**********11有误');
  });

  it('leave dates, counts and UUIDs alone', () => {
    const text = '2026-12-07 共 1500 条 123e4567-e89b-12d3-a456-426614174000';
    expect(maskPersonalNumbersIn(text)).toBe(text);
  });
});

describe('phone numbers in a log text', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+86 138 1234 5678',
    fullWidth('13812345678'),
    '0743-8221234',
  ])('%s is masked', (phone) => {
    expect(maskPersonalNumbersIn(`电话 ${phone} 。`)).toBe('电话 [phone] 。');
  });
});

describe('request URLs in logs', () => {
  it('mask ID numbers in any form and phones in logged parameters', () => {
    expect(safeUrl(`/v1/people?region=${encodeURIComponent(fullWidth(ID))}&limit=5`)).toBe(
      '/v1/people?region=433101**********11&limit=5',
    );
    expect(safeUrl(`/v1/people/${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`)).toBe(
      '/v1/people/433101**********11',
    );
  });

  it('drop parameters that may carry a name (subjectId, filename, anything not known)', () => {
    const url = `/v1/audit?subjectId=${encodeURIComponent('张三')}&action=read&q=13812345678`;
    expect(safeUrl(url)).toBe('/v1/audit?subjectId=[redacted]&action=read&q=[redacted]');
    const upload = `/v1/uploads/people?filename=${encodeURIComponent('张三李四名单.xlsx')}`;
    expect(safeUrl(upload)).toBe('/v1/uploads/people?filename=[redacted]');
    expect(safeUrl(`/v1/people/${encodeURIComponent('王五')}`)).toBe('/v1/people/[redacted]');
  });

  it('reach the log line that way, as do ID and phone numbers in any logged field', () => {
    const text = logged((log) => {
      log.info({ req: { method: 'GET', url: `/v1/audit?subjectId=${encodeURIComponent('张三')}` } }, 'in');
      log.info({ subjectId: fullWidth(ID), detail: { phone: undefined, note: '联系 138-1234-5678' } }, 'x');
      log.warn(`lookup of ${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)} failed`);
    });
    expect(text).not.toMatch(/张三|%E5%BC%A0|1234-5678|\uff14\uff13|19900307/);
    expect(text).toContain('subjectId=[redacted]');
    expect(text).toContain('433101**********11');
  });
});

describe("a client's x-request-id", () => {
  it('is kept when it is a short, safe token', () => {
    expect(acceptedRequestId('req-2026-abc123')).toBe('req-2026-abc123');
    expect(acceptedRequestId('123e4567-e89b-12d3-a456-426614174000')).toBe(
      '123e4567-e89b-12d3-a456-426614174000',
    );
  });

  it.each([
    ['an ID number', ID],
    ['an ID number ending in X', '43310119900307451X'],
    ['a phone number', '13812345678'],
    ['a name', '张三'],
    ['a long value', 'a'.repeat(65)],
    ['spaces', 'abc def ghi'],
    ['a token hiding a phone', 'trace-13812345678'],
    ['nothing', undefined],
  ])('is replaced when it is %s', (_what, value) => {
    expect(acceptedRequestId(value)).toBeUndefined();
  });
});
