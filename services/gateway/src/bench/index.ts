/**
 * What `pnpm bench gateway` and `pnpm bench push` drive besides the public API: the load generator, and the
 * repositories, audit writer and push pipeline they time on their own.
 */
export { usersRepo } from '../auth/users';
export { postsRepo } from '../posts/repo';
export type { AuditMode } from '../privacy/audit';
export { AuditBuffer } from '../privacy/audit-buffer';
export { type DeliverDeps, deliverHandler } from '../push/deliver';
export { deliveryCounts } from '../push/log';
export { sweepDue } from '../push/schedule';
export { deriveSecretsKey, encryptSecret, generateSigningSecret } from '../push/secrets';
export { pushToSubscription } from '../push/select';
export { verifySignature } from '../push/signing';
export { peopleOfBusiestCity, runLoad, startBareServer } from './load';
