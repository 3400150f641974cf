import { describe, expect, it } from 'vitest';
import { describeError, MAX_ERROR_DESCRIPTION } from '../../src/lib/describe-error';

describe('describing an error', () => {
  it('gives every cause, outermost first, on one line', () => {
    // How drizzle reports a driver failure: the reason is only in the cause.
    const wrapped = new Error('Failed query: begin\nparams: ', {
      cause: new Error('Connection terminated due to connection timeout'),
    });
    expect(describeError(wrapped)).toBe(
      'Failed query: begin params: <- Connection terminated due to connection timeout',
    );
    expect(describeError('not an Error')).toBe('not an Error');
  });

  it('describes the WebSocket ErrorEvent the database driver rejects with by its error', () => {
    const refused = new ErrorEvent('error', {
      message: 'Uncaught Error: Network connection lost.',
      error: new Error('Network connection lost.'),
    });
    expect(describeError(new Error('Failed query: begin', { cause: refused }))).toBe(
      'Failed query: begin <- Network connection lost.',
    );
    expect(describeError(new ErrorEvent('error', { message: 'WebSocket closed' }))).toBe(
      'ErrorEvent: WebSocket closed',
    );
  });

  it('keeps a long description to the maximum by cutting its middle, so the root cause survives', () => {
    const batchInsert = new Error(`Failed query: insert into "inventory_movements" params: ${'x,'.repeat(5_000)}`, {
      cause: new Error('Connection terminated unexpectedly'),
    });
    const described = describeError(batchInsert);
    expect(described).toHaveLength(MAX_ERROR_DESCRIPTION);
    expect(described.startsWith('Failed query: insert into "inventory_movements"')).toBe(true);
    expect(described.endsWith('<- Connection terminated unexpectedly')).toBe(true);
    expect(described).toContain(' … ');
  });
});
