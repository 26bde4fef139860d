import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { generateSigningSecret } from '../../src/push/secrets';
import { signatureHeader } from '../../src/push/signing';

/** The verification code portal developers copy from PUSH.md accepts our signatures, and only those. */
it('the documented Node recipe verifies real signatures', async () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../PUSH.md'), 'utf8');
  const block = doc.split('```js\n')[1]?.split('```')[0] ?? '';
  const secret = generateSigningSecret();
  const code = block
    .split('const seen')[0]!
    .replace("import http from 'node:http';", '')
    .replace('process.env.QIHANG_SIGNING_SECRET', JSON.stringify(secret));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'push-recipe-')), 'verify.mjs');
  writeFileSync(file, code);
  const { verify } = (await import(pathToFileURL(file).href)) as {
    verify: (body: string, header: string | undefined) => boolean;
  };
  const body = JSON.stringify({ event: 'post.new', post: { title: '电焊工' } });
  const now = Math.floor(Date.now() / 1000);
  expect(verify(body, signatureHeader(secret, body, now))).toBe(true);
  expect(verify(`${body} `, signatureHeader(secret, body, now))).toBe(false);
  expect(verify(body, signatureHeader(secret, body, now - 600))).toBe(false);
  expect(verify(body, signatureHeader(generateSigningSecret(), body, now))).toBe(false);
  expect(verify(body, undefined)).toBe(false);
});
