export { postContentHash } from '../domain/post-content';
export { DEFAULT_REFERENCE_DATE } from './calendar';
export type { EmployerRow } from './employers';
export type { FacilityRow } from './facilities';
export {
  createDemo,
  DEFAULT_BATCH_SIZE,
  type DemoData,
  type DemoOptions,
  type DemoStream,
  employerCountFor,
  generateDemo,
} from './generate';
export { peopleHeaders, postHeaders } from './list-rows';
export {
  type ListFormat,
  type ListOutput,
  PEOPLE_LIST_NAME,
  POSTS_LIST_NAME,
  type WrittenLists,
  writeDemoLists,
} from './lists';
export { DemoAlreadyLoadedError, type DemoSummary, type LoadDemoOptions, loadDemoData } from './load';
export {
  type ConsentRow,
  type DemoPerson,
  type PersonRow,
  type PersonSourceRow,
  personContentHash,
} from './people';
export type { DemoPost, PostRow, PostSourceRow } from './posts';
export type { TrainingCourseRow } from './training';
