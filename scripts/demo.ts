/**
 * `pnpm demo --people N --posts M [--seed S] [--date YYYY-MM-DD] [--write DIR] [--format xlsx|csv] [--load]`
 *
 * Generates the demo data set for a seed, around a day (release dates, validity, registrations).
 * `--write` writes it as the two lists a bureau keeps (求职需求清单, 岗位供给清单); `--load` loads it into
 * the configured database in one transaction. Counts and seed default to DEMO_PEOPLE, DEMO_POSTS and
 * DEMO_SEED; the day to DEMO_DATE, else today in China (so the posts are open now).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import { loadConfig } from '@qihang/shared/config/index';
import { type ListFormat, loadDemoData, writeDemoLists } from '@qihang/shared/demo/index';
import { isoDate, todayInChina } from '@qihang/shared/domain/index';

const usage =
  'usage: pnpm demo [--people N] [--posts M] [--seed S] [--date YYYY-MM-DD] [--write DIR] [--format xlsx|csv] [--load]';

class UsageError extends Error {}

function wholeNumber(flag: string, value: string | undefined, max = 1_000_000): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new UsageError(`--${flag} must be a whole number from 0 to ${max}, got "${value}"`);
  }
  return Number(value);
}

const readFlags = (argv: string[]) =>
  parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      people: { type: 'string' },
      posts: { type: 'string' },
      seed: { type: 'string' },
      date: { type: 'string' },
      write: { type: 'string' },
      format: { type: 'string', default: 'xlsx' },
      load: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;

function parseCommandLine(argv: string[]) {
  let values: ReturnType<typeof readFlags>;
  try {
    values = readFlags(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.format !== 'xlsx' && values.format !== 'csv') {
    throw new UsageError(`--format must be xlsx or csv, got "${values.format}"`);
  }
  if (values.write === '') throw new UsageError('--write needs a directory');
  if (values.date !== undefined && !isoDate.safeParse(values.date).success) {
    throw new UsageError(`--date must be a day as YYYY-MM-DD, got "${values.date}"`);
  }
  const counts = {
    seed: wholeNumber('seed', values.seed, Number.MAX_SAFE_INTEGER),
    people: wholeNumber('people', values.people),
    posts: wholeNumber('posts', values.posts),
  };
  if (!values.help && values.write === undefined && !values.load) {
    throw new UsageError('nothing to do: pass --write DIR and/or --load');
  }
  return { ...values, ...counts, format: values.format as ListFormat };
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const seed = args.seed ?? config.demo.seed;
  const people = args.people ?? config.demo.people;
  const posts = args.posts ?? config.demo.posts;
  const referenceDate = args.date ?? config.demo.referenceDate ?? todayInChina();
  console.log(`demo data: seed ${seed}, ${people} people, ${posts} posts, around ${referenceDate}`);

  if (args.write !== undefined) {
    const started = performance.now();
    const written = await writeDemoLists(
      { seed, people, posts, referenceDate },
      { dir: path.resolve(args.write), format: args.format },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`wrote ${written.people} rows to ${written.peopleFile}`);
    console.log(`wrote ${written.posts} rows to ${written.postsFile} (${seconds}s)`);
  }

  if (args.load) {
    const database = await prepareDatabase(config);
    try {
      const summary = await database.db.transaction((tx) =>
        loadDemoData(tx, { seed, people, posts, referenceDate, idHashKey: config.secrets.idHashKey }),
      );
      console.log(
        `loaded into ${database.kind}: ${summary.people} people (${summary.consents} consent records), ` +
          `${summary.posts} posts from ${summary.employers} employers, ${summary.facilities} facilities, ` +
          `${summary.trainingCourses} training courses ` +
          `(generate ${(summary.generateMs / 1000).toFixed(1)}s, insert ${(summary.insertMs / 1000).toFixed(1)}s)`,
      );
      if (config.secrets.idHashKeyIsDevelopmentDefault) {
        console.log('note: ID numbers were hashed with the development key (ID_HASH_KEY is not set)');
      }
    } finally {
      await database.close();
    }
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n${usage}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
