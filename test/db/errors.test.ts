import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/errors';

describe('database errors', () => {
  // How drizzle reports a driver failure: the reason is only in the cause.
  const wrapped = new Error('Failed query: begin\nparams: ', {
    cause: new Error('Connection terminated due to connection timeout'),
  });

  it('count as "Postgres unavailable" when any cause says so', () => {
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('Failed query: select', { cause: new Error('relation "nope" does not exist') })),
    ).toBe(false);
  });
});
