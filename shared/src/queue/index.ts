export * from './contract';
export { enqueueInTx } from './outbox';
