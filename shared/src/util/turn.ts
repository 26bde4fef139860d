/**
 * Resolves after timers and I/O waiting now have had their turn. Long loops over the embedded database
 * need it: PGlite answers on this thread and its promises resolve at once, so a loop of awaits alone would
 * keep requests, health checks and signals waiting until it ends.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
