import { type Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { TableRow } from './table';

const SNIFF_BYTES = 64 * 1024;

/**
 * Decodes a CSV byte stream as UTF-8, or as GB18030 (a superset of GBK, what Excel on Chinese Windows
 * saves) when the first bytes are not valid UTF-8.
 */
export function decodeCsv(): Transform {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const choose = (head: Buffer, complete: boolean) => {
    // A multi-byte character may be cut at the end of a sample: its last 3 bytes may be incomplete.
    const sample = complete ? head : head.subarray(0, Math.max(0, head.length - 3));
    let encoding = 'utf-8';
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample);
    } catch {
      encoding = 'gb18030';
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

/** Streams the rows of a CSV file (UTF-8 with or without BOM, or GBK), one array of cells per line. */
export async function* readCsvRows(input: Readable): AsyncGenerator<TableRow> {
  const parser = input.pipe(decodeCsv()).pipe(
    parse({
      bom: true,
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
