export * from './dates';
export * from './enums';
export * from './regions';
