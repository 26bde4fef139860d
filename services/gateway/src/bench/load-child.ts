/** A load generator in a process of its own: receives one run's settings, answers with its figures, exits. */
import { generateLoad } from './load';

process.once(
  'message',
  async (m: {
    base: string;
    paths: string[];
    seconds: number;
    connections: number;
    headers?: Record<string, string>;
  }) => {
    const result = await generateLoad(m.base, m.paths, m);
    process.send?.(result, () => process.exit(0));
  },
);
