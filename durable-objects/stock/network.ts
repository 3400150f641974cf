import { headlineAvailable, movementId, transitionEventId, viewLevel } from '../../src/domain/stock';
import type { StockLedger } from './ledger';
import type { StockStore } from './store';

type NetworkRow = { ship_from: string | null; in_stock: number | null; transitions: number };

/**
 * Whether the SKU is available across the ship-from network, and the
 * network's back-in-stock transition (0 → more), as headlineAvailable counts
 * it.
 *
 * Which locations ship is the catalog's, not the DO's: the DO keeps the last
 * ship-from set it read from the edge read model (KV, refreshed by every
 * alarm, so never on a stock call and never from Postgres). A check after
 * every operation that moved stock then costs only memory: the levels are
 * cached and the state row is read once. Until a DO has read the set once
 * (its first alarm, a second after its first movement) the check waits for
 * it, and the alarm's check catches the transition before shipping the log.
 */
export class StockNetwork {
  private state: NetworkRow | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly sku: string,
    private readonly store: StockStore,
    private readonly ledger: StockLedger,
  ) {}

  /** Stores the ship-from set read from the catalog, then checks with it. */
  refresh(shipFrom: readonly string[], now: number): void {
    this.write({ ...this.read(), ship_from: JSON.stringify([...shipFrom].sort()) });
    this.check(now);
  }

  /** Records the transition if the network has stock now and had none at the last check. */
  check(now: number): void {
    const state = this.read();
    if (state.ship_from === null) return;
    const shipFrom: string[] = JSON.parse(state.ship_from);
    const locations = shipFrom.map((id) => ({ id, shipFrom: true }));
    const available = headlineAvailable(this.store.levels(shipFrom).map(viewLevel), locations);
    const inStock = available > 0 ? 1 : 0;
    if (state.in_stock === inStock) return;
    const cameBack = state.in_stock === 0 && inStock === 1;
    const transitions = state.transitions + (cameBack ? 1 : 0);
    this.store.transaction(() => {
      if (cameBack) {
        const eventId = transitionEventId(movementId(this.sku, 'network', String(transitions)), 'back_in_stock');
        this.ledger.recordNetworkBackInStock(eventId, available, now);
      }
      this.write({ ...state, in_stock: inStock, transitions });
    });
  }

  private read(): NetworkRow {
    this.state ??= this.sql.exec<NetworkRow>('SELECT ship_from, in_stock, transitions FROM network_state').one();
    return this.state;
  }

  private write(row: NetworkRow): void {
    // Forgotten first, so a write that throws leaves the row to be read again.
    this.state = undefined;
    this.sql.exec(
      'UPDATE network_state SET ship_from = ?, in_stock = ?, transitions = ?',
      row.ship_from,
      row.in_stock,
      row.transitions,
    );
    this.state = row;
  }
}
