import { describe, expect, it } from 'vitest';
import { decideCommit, decideRelease, isSameReservation, type Hold } from '../../../src/domain/stock';

const hold = (figures: Partial<Hold>): Hold => ({
  id: 'h1',
  state: 'held',
  quantity: 2,
  reference: null,
  expiresAt: '2030-01-01T00:00:00.000Z',
  allocations: [{ locationId: 'A', quantity: 2 }],
  ...figures,
});

describe('hold lifecycle', () => {
  it('commits a live hold, and commits an expired one late rather than losing a sale', () => {
    expect(decideCommit('held')).toBe('commit');
    expect(decideCommit('expired')).toBe('late_commit');
  });

  it('refuses to commit a released hold, and treats a second commit as a repeat', () => {
    expect(decideCommit('released')).toBe('refuse_released');
    expect(decideCommit('committed')).toBe('replay');
  });

  it('releases a live hold; releasing what is no longer held is a repeat; sold goods stay sold', () => {
    expect(decideRelease('held')).toBe('release');
    expect(decideRelease('released')).toBe('replay');
    expect(decideRelease('expired')).toBe('replay');
    expect(decideRelease('committed')).toBe('refuse_committed');
  });
});

describe('a repeated reserve', () => {
  it('is the same request when it asks for the same quantity at the same place', () => {
    expect(isSameReservation(hold({}), { quantity: 2, locationId: 'A' })).toBe(true);
    expect(isSameReservation(hold({}), { quantity: 2 })).toBe(true);
  });

  it('is a different request when the quantity or the location differs', () => {
    expect(isSameReservation(hold({}), { quantity: 3, locationId: 'A' })).toBe(false);
    expect(isSameReservation(hold({}), { quantity: 2, locationId: 'B' })).toBe(false);
  });
});
