import type {
  Education,
  Gender,
  PersonStatus,
  PostStatus,
  PostType,
  StatusCategory,
  StayLocalReason,
} from '@qihang/shared/domain/index';

/** What matching needs to know about a person (never the name, phone or ID hash). */
export interface MatchPerson {
  id: string;
  birthYear: number | null;
  gender: Gender | null;
  education: Education | null;
  /** Sensitive: read only by the fair-chance rule, never returned to employers. */
  statusCategory: StatusCategory | null;
  originRegionCode: string;
  acceptableRegionCodes: string[];
  willingToRelocate: boolean;
  mustStayLocalReason: StayLocalReason | null;
  skills: string[];
  certificates: string[];
  /** 2022 occupation codes. */
  desiredOccupations: string[];
  workHistory: string;
  expectedPayMin: number | null;
  /** ISO date (YYYY-MM-DD). */
  availableFrom: string | null;
  status: PersonStatus;
  /** The latest employer_matching consent record says granted. */
  employerMatchingConsent: boolean;
}

export interface MatchPost {
  id: string;
  employerId: string;
  employerName: string;
  employerFairChance: boolean;
  occupationCode: string | null;
  title: string;
  requiredSkills: string[];
  requiredCertificates: string[];
  ageMin: number | null;
  ageMax: number | null;
  ageMaxMale: number | null;
  ageMaxFemale: number | null;
  minEducation: Education | null;
  headcount: number;
  filledCount: number;
  payMin: number | null;
  payMax: number | null;
  accommodation: boolean;
  meals: boolean;
  regionCode: string;
  postType: PostType;
  status: PostStatus;
  validFrom: string | null;
  validTo: string | null;
}

/** Chinese names for codes, so reasons read 愿意去济南市 rather than 370100. */
export interface Labels {
  region(code: string): string;
  occupation(code: string): string;
}

export interface MatchContext {
  /** ISO date of "today": rules about expiry, age and availability are evaluated against it. */
  today: string;
  labels: Labels;
}

/** One line of an explanation, e.g. { text: '持焊工证 ✓', ok: true }. A flag passes but needs a look (⚠). */
export interface Reason {
  factor: string;
  ok: boolean;
  flag?: boolean;
  text: string;
}

export const reason = (factor: string, ok: boolean, label: string, flag = false): Reason => ({
  factor,
  ok,
  ...(flag ? { flag } : {}),
  text: `${label} ${flag ? '⚠' : ok ? '✓' : '✗'}`,
});
