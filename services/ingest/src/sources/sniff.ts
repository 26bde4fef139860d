import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { InputError } from '../pipeline/run';

/** What the bytes of an upload are, whatever its name says. */
export type Sniffed = 'xlsx' | 'xls' | 'text';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Reads the first bytes of a stream and returns what they are, with a stream that still yields every byte.
 * A zip is an XLSX (an .xls renamed .xlsx is not: it is an OLE2 compound file, the old Excel format); other
 * documents that are no list (PDF, a web page saved as .xls, Word) are refused with what to do instead.
 */
export async function sniff(input: Readable): Promise<{ kind: Sniffed; stream: Readable }> {
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  const onEnd = () => {
    ended = true;
  };
  input.once('end', onEnd);
  while (size < 512 && !ended) {
    const chunk = input.read() as Buffer | null;
    if (chunk) {
      head.push(chunk);
      size += chunk.length;
      continue;
    }
    await Promise.race([once(input, 'readable'), once(input, 'end')]);
  }
  input.off('end', onEnd);
  const first = Buffer.concat(head);
  const stream = new PassThrough();
  stream.write(first);
  if (ended) stream.end();
  else {
    input.on('error', (err) => stream.destroy(err));
    input.pipe(stream);
  }
  return { kind: kindOf(first), stream };
}

export function kindOf(head: Buffer): Sniffed {
  if (head.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (head.subarray(0, 8).equals(OLE2)) return 'xls';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-')
    throw new InputError(
      '这是 PDF 文件，不是表格：请上传 Excel（.xlsx 或 .xls）、CSV 或文本（.txt）格式的清单',
    );
  const text = head.toString('latin1').trimStart().slice(0, 200).toLowerCase();
  if (/^(<!doctype html|<html|<table|<\?xml[^>]*>\s*<html|mime-version)/.test(text))
    throw new InputError(
      '这是网页格式的表格（常见于从系统导出、扩展名为 .xls 的文件），请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）再上传',
    );
  if (/^<\?xml/.test(text))
    throw new InputError('这是 XML 格式的表格，请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）再上传');
  return 'text';
}
