export * from './contract';
export { enqueueInTx, enqueueManyInTx } from './outbox';
