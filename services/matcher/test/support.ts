import type { ScoreContext } from '../src/ranking/score';
import type { MatchPerson, MatchPost } from '../src/ranking/types';

export const person = (over: Partial<MatchPerson> = {}): MatchPerson => ({
  id: 'person-1',
  birthYear: 1985,
  gender: 'male',
  education: 'junior',
  statusCategory: 'rural_poor',
  originRegionCode: '433122',
  acceptableRegionCodes: ['370100'],
  willingToRelocate: false,
  mustStayLocalReason: null,
  skills: ['电焊'],
  certificates: ['焊工证'],
  desiredOccupations: ['6-18-02-04'],
  workHistory: '',
  expectedPayMin: 6000,
  availableFrom: null,
  status: 'active',
  employerMatchingConsent: true,
  ...over,
});

export const post = (over: Partial<MatchPost> = {}): MatchPost => ({
  id: 'post-1',
  employerId: 'employer-1',
  employerName: '济南重工机械有限公司',
  employerFairChance: true,
  occupationCode: '6-18-02-04',
  title: '电焊工',
  requiredSkills: [],
  requiredCertificates: [],
  ageMin: null,
  ageMax: null,
  ageMaxMale: null,
  ageMaxFemale: null,
  minEducation: null,
  headcount: 5,
  filledCount: 0,
  payMin: 6000,
  payMax: 8000,
  accommodation: false,
  meals: false,
  regionCode: '370102',
  postType: 'regular',
  status: 'open',
  validFrom: null,
  validTo: null,
  ...over,
});

const names: Record<string, string> = {
  '370000': '山东省',
  '370100': '济南市',
  '370102': '历下区',
  '370200': '青岛市',
  '370211': '黄岛区',
  '433122': '泸溪县',
  '433101': '吉首市',
  '6-18-02-04': '焊工',
  '6-18-02-01': '车工',
  '6-18-01-01': '铸造工',
  '6-30-05-01': '起重装卸机械操作工',
};

export const ctx = (typical: Record<string, string[]> = {}): ScoreContext => ({
  today: '2026-03-01',
  labels: { region: (c) => names[c] ?? c, occupation: (c) => names[c] ?? c },
  typicalItems: (code) => new Set(typical[code] ?? []),
});
