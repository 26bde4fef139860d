import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactPaths, safeError } from '../../src/log';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino(
    { redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { err: safeError } },
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
});
