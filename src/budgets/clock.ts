/**
 * Milliseconds since the epoch. Everything in budgets that depends on time takes a Clock, so
 * tests can cross a period boundary or let a reservation expire without waiting.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
