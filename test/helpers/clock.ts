import { vi } from 'vitest';

/**
 * Moves the faked clock on (after `vi.useFakeTimers({ toFake: ['Date'] })`).
 * The tests share their isolate with the Durable Objects, so this moves the
 * DOs' clock too.
 */
export const advanceClock = (ms: number) => vi.setSystemTime(Date.now() + ms);
