export * from './enums';
export * from './regions';
