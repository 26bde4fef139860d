import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { TableRow } from './table';

const SNIFF_BYTES = 64 * 1024;

/**
 * Decodes a CSV byte stream as UTF-16 when it starts with a UTF-16 byte-order mark (Excel's "Unicode 文本"),
 * else as UTF-8, or as GB18030 (a superset of GBK, what Excel on Chinese Windows saves) when the first bytes
 * are not valid UTF-8.
 */
export function decodeCsv(): Transform {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const choose = (head: Buffer, complete: boolean) => {
    // A multi-byte character may be cut at the end of a sample: its last 3 bytes may be incomplete.
    const sample = complete ? head : head.subarray(0, Math.max(0, head.length - 3));
    let encoding = 'utf-8';
    if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
    else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
    else {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sample);
      } catch {
        encoding = 'gb18030';
      }
    }
    decoder = new TextDecoder(encoding);
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      if (!decoder) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < SNIFF_BYTES) return done();
        const head = Buffer.concat(pending);
        pending = [];
        choose(head, false);
        return done(null, decoder!.decode(head, { stream: true }));
      }
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      if (!decoder) {
        const head = Buffer.concat(pending);
        choose(head, true);
        return done(null, decoder!.decode(head));
      }
      done(null, decoder.decode());
    },
  });
}

/** Tab-separated when the first line holds more tabs than commas (Excel's "Unicode 文本" and .txt exports). */
export function delimiterOf(head: string): ',' | '\t' {
  const line = head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const tabs = line.split('\t').length - 1;
  const commas = line.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

/**
 * Streams the rows of a CSV or tab-separated text file (UTF-8 with or without BOM, GBK, UTF-16), one array of
 * cells per line.
 */
export async function* readCsvRows(input: Readable): AsyncGenerator<TableRow> {
  const decoded = input.pipe(decodeCsv());
  const chunks = decoded[Symbol.asyncIterator]();
  const first = await chunks.next();
  const head = first.done ? '' : String(first.value);
  async function* text() {
    if (head) yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield String(next.value);
  }
  const parser = Readable.from(text()).pipe(
    parse({
      bom: true,
      delimiter: delimiterOf(head),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: false,
    }),
  );
  let rowNumber = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    rowNumber++;
    yield { rowNumber, cells };
  }
}
