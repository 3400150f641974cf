import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { TABLE_COVERAGE } from '../../src/privacy/coverage';

/** Columns that name a customer or hold their personal data. */
const CUSTOMER_COLUMNS = new Set([
  'customer_id',
  'customer_ids',
  'email',
  'phone',
  'contact',
  'shipping_address',
  'arrival',
  'payload',
]);

const tables = Object.values(schema as Record<string, unknown>)
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => getTableConfig(table));

const customerTables = tables
  .filter((table) => table.columns.some((column) => CUSTOMER_COLUMNS.has(column.name)))
  .map((table) => table.name)
  .sort();

describe('privacy coverage of the schema', () => {
  it('finds the tables it knows name a customer (the scan itself works)', () => {
    expect(customerTables).toEqual(expect.arrayContaining(['customers', 'orders', 'wallet_entries', 'outbox']));
  });

  it('has an export and erasure decision for every table with a customer-bearing column', () => {
    const undecided = customerTables.filter((name) => !(name in TABLE_COVERAGE));
    expect(undecided, 'add these to TABLE_COVERAGE in src/privacy/coverage.ts, and to export and erase').toEqual([]);
  });

  it('lists no table the schema does not have (or no longer names a customer in)', () => {
    expect(Object.keys(TABLE_COVERAGE).sort()).toEqual(customerTables);
  });
});
