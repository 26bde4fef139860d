export { prepareDatabase } from './bootstrap';
export * from './config';
export * from './domain';
export { createLogger, type Logger } from './log';
