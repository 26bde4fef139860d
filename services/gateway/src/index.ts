/**
 * The gateway's public API, for the operator commands and whoever embeds it: the app (tested with
 * `inject`), the ports it is given and the admin-key command. Benchmarks have their
 * own entry point (`@qihang/gateway/bench`).
 */
export { type App, type AppDeps, buildApp, type ReadinessCheck } from './app';
export { ADMIN_KEY_USAGE, createAdminKey, runCreateAdminKeyCommand } from './cli/admin-key';
export { matcherPort } from './matching/matcher-port';
export type { IngestPort, MatcherPort } from './ports';
export { ingestPort } from './uploads/ingest-port';
