import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactPaths, safeError, safeRequest } from '../../src/log';
import { maskIdNumbersIn } from '../../src/privacy/id-number';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino(
    {
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: safeError, req: safeRequest },
    },
    stream,
  );
  return { log, text: () => lines.join('') };
}

describe('logs', () => {
  it('never carry the parameters of a failed query (names, phones)', () => {
    const { log, text } = capture();
    const err = new Error(
      'Failed query: insert into people (name, phone) values ($1, $2)\nparams: 张三,13800138000',
      {
        cause: Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      },
    );
    log.error({ err }, 'request failed');
    expect(text()).not.toContain('张三');
    expect(text()).not.toContain('13800138000');
    expect(text()).toContain('duplicate key value');
  });

  it('redact personal fields by name', () => {
    const { log, text } = capture();
    log.info({ person: { name: '李四', phone: '13900000000', statusCategory: 'released_prisoner' } }, 'x');
    expect(text()).not.toMatch(/李四|13900000000|released_prisoner/);
  });

  it('mask an ID number typed into a URL', () => {
    const { log, text } = capture();
    log.info({ req: { method: 'GET', url: '/v1/people?region=433101199003074511&q=110101800101001' } }, 'x');
    expect(text()).toContain('/v1/people?region=433101**********11');
    expect(text()).not.toMatch(/433101199003074511|110101800101001/);
  });
});

describe('ID numbers in a text', () => {
  it('are masked where they stand alone, in both lengths, other numbers left alone', () => {
    expect(maskIdNumbersIn('无法识别的地名“43310119900307451X”')).toBe('无法识别的地名“433101**********1X”');
    expect(maskIdNumbersIn('a 110101800101001 b')).toBe('a 110101*******01 b');
    expect(maskIdNumbersIn('电话13912345678，编号2026000012345678901')).toBe(
      '电话13912345678，编号2026000012345678901',
    );
  });
});
