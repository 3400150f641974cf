import { SNAPSHOT_TRUSTED_FOR_MS, type WalletSnapshot } from '../../src/domain/loyalty';

interface SnapshotRow extends Record<string, SqlStorageValue> {
  generation: number;
  snapshot: string | null;
  taken_at: number | null;
}

/**
 * The shopper's wallet copied from Postgres (`wallet_snapshot`, one row), and
 * the generation that makes the copy safe: every wallet change forgets the
 * copy and moves the generation, and a copy read from Postgres is kept only
 * if the generation is still the one it was read under. So a read that
 * started before a change can never store what the change replaced.
 */
export class WalletSnapshots {
  constructor(private readonly sql: SqlStorage) {}

  /** The copy if it is fresh, and the generation a copy read now must be kept under. */
  current(now: number): { snapshot: WalletSnapshot | null; generation: number } {
    const row = this.row();
    const fresh = row.snapshot !== null && row.taken_at !== null && now - row.taken_at < SNAPSHOT_TRUSTED_FOR_MS;
    return {
      snapshot: fresh ? (JSON.parse(row.snapshot ?? 'null') as WalletSnapshot) : null,
      generation: row.generation,
    };
  }

  /** Keeps `snapshot` unless the wallet changed since `generation` was handed out; true if kept. */
  keep(snapshot: WalletSnapshot, generation: number, now: number): boolean {
    return (
      this.sql.exec(
        'UPDATE wallet_snapshot SET snapshot = ?, taken_at = ? WHERE singleton = 1 AND generation = ?',
        JSON.stringify(snapshot),
        now,
        generation,
      ).rowsWritten > 0
    );
  }

  forget(): void {
    this.sql.exec('UPDATE wallet_snapshot SET generation = generation + 1, snapshot = NULL, taken_at = NULL');
  }

  private row(): SnapshotRow {
    return this.sql.exec<SnapshotRow>('SELECT generation, snapshot, taken_at FROM wallet_snapshot').one();
  }
}
