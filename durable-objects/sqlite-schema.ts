/**
 * Brings a Durable Object's SQLite schema up to date. DO SQLite has no
 * PRAGMA user_version, so the applied version is kept in a table; each
 * migration runs in its own transaction with its version bump. Never edit a
 * shipped migration: append a new one.
 */
export function applySchemaMigrations(storage: DurableObjectStorage, migrations: readonly string[]): void {
  storage.sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = storage.sql
    .exec<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_version')
    .one().version;
  migrations.slice(current).forEach((migration, index) => {
    storage.transactionSync(() => {
      storage.sql.exec(migration);
      storage.sql.exec('INSERT INTO schema_version (version) VALUES (?)', current + index + 1);
    });
  });
}
