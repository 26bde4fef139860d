import { addDays, assertIsoDate, chinaTime, DEFAULT_REFERENCE_DATE } from './calendar';
import { anchorEmployerCount, type EmployerRow, generateEmployers } from './employers';
import { demoFacilities, type FacilityRow } from './facilities';
import { type DemoPerson, generatePerson } from './people';
import { type DemoPost, generatePost } from './posts';
import { Random } from './random';
import { demoTrainingCourses, type TrainingCourseRow } from './training';

export interface DemoOptions {
  seed: number | string;
  people: number;
  posts: number;
  /** Key for the ID-number hashes (the configured ID_HASH_KEY); without it `idNumberHash` is null. */
  idHashKey?: string;
  /** Everything is dated relative to this day (YYYY-MM-DD); default 2026-03-01. */
  referenceDate?: string;
}

/** The demo as streams: small tables up front, people and posts in batches, each stream restartable. */
export interface DemoStream {
  seed: number | string;
  referenceDate: string;
  facilities: FacilityRow[];
  employers: EmployerRow[];
  trainingCourses: TrainingCourseRow[];
  peopleCount: number;
  postCount: number;
  /** Same rows whatever the batch size. */
  peopleBatches(batchSize?: number): Generator<DemoPerson[]>;
  postBatches(batchSize?: number): Generator<DemoPost[]>;
}

export interface DemoData {
  seed: number | string;
  referenceDate: string;
  facilities: FacilityRow[];
  employers: EmployerRow[];
  trainingCourses: TrainingCourseRow[];
  posts: DemoPost[];
  people: DemoPerson[];
}

export const DEFAULT_BATCH_SIZE = 1000;

/** About five posts per employer, and at least the seed documents' own employers when there are posts. */
export const employerCountFor = (posts: number): number =>
  posts === 0 ? 0 : Math.max(Math.min(posts, anchorEmployerCount), Math.ceil(posts / 5));

function assertCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`demo: ${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}

/**
 * The demo data for a seed, ready to stream: the same seed and counts give the same rows, ids and dates on
 * every run (nothing reads the clock). Employers are generated up front (one per ~5 posts); people and posts
 * are generated batch by batch, so 100k of each never sit in memory at once.
 */
export function createDemo(options: DemoOptions): DemoStream {
  const { seed, idHashKey } = options;
  const peopleCount = assertCount('people', options.people);
  const postCount = assertCount('posts', options.posts);
  const referenceDate = assertIsoDate(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  const setUpAt = chinaTime(addDays(referenceDate, -400), 9 * 60);
  const employers = generateEmployers(seed, employerCountFor(postCount), referenceDate);
  return {
    seed,
    referenceDate,
    facilities: demoFacilities(setUpAt),
    employers: employers.map((e) => e.row),
    trainingCourses: demoTrainingCourses(setUpAt),
    peopleCount,
    postCount,
    *peopleBatches(batchSize = DEFAULT_BATCH_SIZE) {
      const rng = new Random(seed, 'people');
      const ctx = { seed, referenceDate, idHashKey, idNumbers: new Set<string>() };
      let batch: DemoPerson[] = [];
      for (let i = 0; i < peopleCount; i++) {
        batch.push(generatePerson(rng, i, ctx));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    *postBatches(batchSize = DEFAULT_BATCH_SIZE) {
      const rng = new Random(seed, 'posts');
      const ctx = { seed, referenceDate };
      let batch: DemoPost[] = [];
      for (let i = 0; i < postCount; i++) {
        // Every employer gets a post first; the rest are spread at random.
        const employer = employers[i < employers.length ? i : rng.int(0, employers.length - 1)];
        if (!employer) throw new Error('demo: posts need at least one employer');
        batch.push(generatePost(rng, i, employer, ctx));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

/** The whole demo in memory: for tests and small data sets; use `createDemo` for large ones. */
export function generateDemo(options: DemoOptions): DemoData {
  const stream = createDemo(options);
  return {
    seed: stream.seed,
    referenceDate: stream.referenceDate,
    facilities: stream.facilities,
    employers: stream.employers,
    trainingCourses: stream.trainingCourses,
    posts: [...stream.postBatches()].flat(),
    people: [...stream.peopleBatches()].flat(),
  };
}
