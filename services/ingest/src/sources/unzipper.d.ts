// The part of unzipper (0.10) the XLSX reader uses; the package ships no types.
declare module 'unzipper' {
  import type { Readable, Transform } from 'node:stream';

  export interface Entry extends Readable {
    path: string;
    type: 'File' | 'Directory';
  }

  export function Parse(options?: { forceStream?: boolean }): Transform & AsyncIterable<Entry>;
}
