import type { people, personConsents, personSources } from '../db/schema';
import type { Education, Gender, PersonStatus, StatusCategory, StayLocalReason } from '../domain';
import { idNumberHash } from '../privacy/id-number';
import { contentHash } from '../util/hash';
import { addDays, chinaTime, daysInMonth, yearOf } from './calendar';
import { consentHistory } from './consents';
import { facilityId } from './facilities';
import { fakeIdNumber } from './ids';
import { mobilePhone, personName } from './names';
import { currentPlace, describeWorkHistory, facilityFor } from './people-places';
import type { County, OriginPool } from './places';
import { originPools } from './places';
import { type OccupationProfile, occupationProfiles } from './profiles';
import { type Random, weightedTable } from './random';

export type PersonRow = typeof people.$inferInsert;
export type ConsentRow = typeof personConsents.$inferInsert;
export type PersonSourceRow = typeof personSources.$inferInsert;

/** A person on the 求职需求清单, with the ID number only the list file carries (the row keeps its hash). */
export interface DemoPerson {
  row: PersonRow;
  /** Where the person was listed: the demo source and its external id. */
  source: PersonSourceRow;
  idNumber: string;
  consents: ConsentRow[];
}

/** The person's content, without the row's identity and timestamps. */
export function personContentHash(row: PersonRow): string {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...content } = row;
  return contentHash(content);
}

const occupationTable = (gender: Gender, localOnly: boolean) =>
  weightedTable<OccupationProfile>(
    occupationProfiles
      .filter((p) => !localOnly || p.local)
      .map((p) => [p, gender === 'male' ? p.male : p.female] as const),
  );
const occupations = {
  male: { any: occupationTable('male', false), local: occupationTable('male', true) },
  female: { any: occupationTable('female', false), local: occupationTable('female', true) },
};

const maleShare: Record<StatusCategory, number> = {
  compulsory_rehab: 0.85,
  community_rehab: 0.85,
  released_prisoner: 0.9,
  rural_poor: 0.6,
  other: 0.6,
};

const ageBands = {
  rural: weightedTable<[number, number]>([
    [[18, 25], 15],
    [[26, 35], 25],
    [[36, 45], 25],
    [[46, 52], 15],
    [[53, 60], 15],
    [[61, 64], 5],
  ]),
  custody: weightedTable<[number, number]>([
    [[18, 25], 10],
    [[26, 35], 35],
    [[36, 45], 35],
    [[46, 55], 17],
    [[56, 60], 3],
  ]),
};

const educations = (age: number) =>
  weightedTable<Education>([
    ['none', age >= 50 ? 10 : 2],
    ['primary', age >= 45 ? 35 : 15],
    ['junior', 48],
    ['senior', 12],
    ['vocational', age < 40 ? 12 : 5],
    ['college', age < 40 ? 5 : 1],
    ['bachelor', age < 35 ? 1.5 : 0.3],
  ]);
const educationByAge = Array.from({ length: 70 }, (_, age) => educations(age));

function stayLocalReason(rng: Random, age: number, gender: Gender): StayLocalReason | null {
  if (age >= 50 && rng.chance(0.55)) return 'age';
  if (rng.chance(0.04)) return 'disability';
  if (rng.chance(gender === 'female' ? 0.12 : 0.04)) return 'family_care';
  if (rng.chance(0.02)) return 'health';
  return null;
}

/** All of the certificates the primary occupation's posts ask for, all but one (a near-miss), or none. */
function drawCertificates(
  rng: Random,
  primary: OccupationProfile,
  secondary: OccupationProfile | null,
  gender: Gender,
) {
  const held = new Set<string>();
  const required = primary.certificates;
  const r = rng.next();
  if (required.length > 0 && r < 0.75) {
    const missing = r < 0.5 ? -1 : rng.int(0, required.length - 1);
    for (const [i, c] of required.entries()) if (i !== missing) held.add(c);
  }
  for (const c of primary.extraCertificates) if (rng.chance(0.25)) held.add(c);
  if (secondary && rng.chance(0.3)) for (const c of secondary.certificates) held.add(c);
  if (rng.chance(0.12)) held.add('健康证');
  if (gender === 'male' && rng.chance(0.2)) held.add('驾驶证C1');
  return [...held];
}

function drawSkills(
  rng: Random,
  primary: OccupationProfile,
  secondary: OccupationProfile | null,
  education: Education,
  gender: Gender,
) {
  const skills = new Set(rng.sample(primary.skills, rng.int(1, Math.min(3, primary.skills.length))));
  if (secondary && rng.chance(0.5)) for (const s of rng.sample(secondary.skills, 1)) skills.add(s);
  if (rng.chance(0.2)) skills.add('普通话');
  if (rng.chance(['senior', 'vocational', 'college', 'bachelor'].includes(education) ? 0.5 : 0.05))
    skills.add('电脑操作');
  if (gender === 'male' && rng.chance(0.15)) skills.add('驾驶');
  return [...skills];
}

function acceptableRegions(rng: Random, pool: OriginPool, county: County, relocate: boolean): string[] {
  const codes = new Set([county.code]);
  if (rng.chance(0.3)) codes.add(`${county.code.slice(0, 4)}00`);
  if (relocate) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const city = rng.weighted(pool.destinations);
      codes.add(city.startsWith('44') && rng.chance(0.3) ? '440000' : city);
    }
  }
  return [...codes];
}

export interface PersonContext {
  seed: string | number;
  referenceDate: string;
  idHashKey: string | undefined;
  /** ID numbers already used in this data set. */
  idNumbers: Set<string>;
}

/** The `index`-th demo person. */
export function generatePerson(rng: Random, index: number, ctx: PersonContext): DemoPerson {
  const pool = rng.weighted(originPools);
  const county = rng.weighted(pool.counties);
  const town = rng.pick(county.towns);
  const category = rng.weighted(pool.statuses);
  const gender: Gender = rng.chance(maleShare[category]) ? 'male' : 'female';
  const custodyOrRehab = category !== 'rural_poor';
  const [ageLo, ageHi] = rng.weighted(custodyOrRehab ? ageBands.custody : ageBands.rural);
  const age = rng.int(ageLo, ageHi);
  const birthYear = yearOf(ctx.referenceDate) - age;
  const birthMonth = rng.int(1, 12);
  const birthDate = `${birthYear}-${String(birthMonth).padStart(2, '0')}-${String(rng.int(1, daysInMonth(birthYear, birthMonth))).padStart(2, '0')}`;
  const idNumber = fakeIdNumber(rng, county.code, birthDate, gender === 'male', ctx.idNumbers);
  const education = rng.weighted(educationByAge[Math.min(age, 69)] ?? educations(age));
  const stayReason = stayLocalReason(rng, age, gender);
  const primary = rng.weighted(occupations[gender][stayReason ? 'local' : 'any']);
  let secondary: OccupationProfile | null = rng.chance(0.5) ? rng.weighted(occupations[gender].any) : null;
  if (secondary === primary) secondary = null;
  const relocate = stayReason === null && rng.chance(0.8);
  // Release dates (出所日期) and other availability spread over six months either side of the reference date.
  const availableFrom = addDays(ctx.referenceDate, rng.int(-180, custodyOrRehab ? 180 : 60));
  const facility = facilityFor(rng, pool, county, town, category, availableFrom > ctx.referenceDate);
  const registered = addDays(ctx.referenceDate, -rng.int(0, 365));
  const createdAt = chinaTime(registered, rng.int(8 * 60, 18 * 60));
  const statusRoll = rng.next();
  // Nobody is placed before they are out.
  const placedShare = availableFrom <= ctx.referenceDate ? 0.07 : 0;
  const status: PersonStatus =
    statusRoll < 0.97 - placedShare ? 'active' : statusRoll < 0.97 ? 'placed' : 'inactive';
  const payFactor = stayReason ? 0.7 : 1;
  const row: PersonRow = {
    id: rng.uuid(),
    source: 'demo',
    externalId: `demo-${ctx.seed}-person-${index}`,
    idNumberHash: ctx.idHashKey ? idNumberHash(ctx.idHashKey, idNumber) : null,
    name: personName(rng, gender, pool.surnames),
    phone: rng.chance(0.88) ? mobilePhone(rng) : null,
    gender,
    birthYear,
    education,
    statusCategory: category,
    originRegionCode: county.code,
    currentRegionCode: currentPlace(rng, pool, county, facility),
    facilityId: facility ? facilityId(facility.name) : null,
    skills: drawSkills(rng, primary, secondary, education, gender),
    certificates: drawCertificates(rng, primary, secondary, gender),
    workHistory: describeWorkHistory(rng, birthYear, ctx.referenceDate, primary, category, pool),
    desiredOccupations: secondary ? [primary.code, secondary.code] : [primary.code],
    acceptableRegionCodes: acceptableRegions(rng, pool, county, relocate),
    willingToRelocate: relocate,
    willingToTrain: rng.chance(custodyOrRehab ? 0.8 : 0.6),
    mustStayLocalReason: stayReason,
    expectedPayMin: rng.chance(0.7)
      ? Math.max(1500, Math.round((primary.pay[0] * payFactor * (0.8 + rng.next() * 0.4)) / 500) * 500)
      : null,
    availableFrom,
    status,
    erasedAt: null,
    createdAt,
    updatedAt: createdAt,
  };
  const source: PersonSourceRow = {
    id: rng.uuid(),
    personId: row.id as string,
    source: row.source,
    externalId: row.externalId,
    contentHash: personContentHash(row),
    firstSeenAt: createdAt,
    lastSeenAt: createdAt,
  };
  return {
    row,
    source,
    idNumber,
    consents: consentHistory(rng, row.id as string, registered, ctx.referenceDate, index),
  };
}
