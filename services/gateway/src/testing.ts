/**
 * What other packages' tests (the console's browser tests) drive a whole gateway with: the all-in-one
 * process, the console build it serves, and accounts to sign in as.
 */
export { hashPassword } from './accounts/passwords';
export { accountsRepo } from './accounts/repo';
export { ensureConsoleBuild } from './console/build';
export { startAllInOne } from './processes/start';
