import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/client';
import { enqueueCartEvents } from '../../src/db/cart-events';
import { announceOutboxEvents } from '../../src/lib/announce';
import { abandonmentDueAt, abandonmentEvent, nextCartWakeUp, type CartState } from '../../src/domain/cart';
import { DO_BACKLOG_RETRY } from '../../src/domain/delivery';
import { afterFailedDelivery } from '../../src/lib/delivery';
import type { CartViewer } from './outcome';
import { renderCart } from './render';
import type { CartStore } from './store';

/**
 * Reports an idle cart once per idle period (the event id is the cart
 * version) and delivers its events to the Postgres outbox, retrying with
 * backoff while Postgres is unreachable. Everything is read from storage, so
 * a late, repeated or post-restart alarm does the right thing.
 */
export class CartAbandonment {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly store: CartStore,
  ) {}

  /** The alarm's work; the caller re-arms the alarm afterwards (rearm). */
  async run(now: number): Promise<CartState> {
    const at = new Date(now).toISOString();
    let state = this.store.load(at);
    const due = abandonmentDueAt(state, this.store.abandonment().reportedVersion, this.abandonAfterMs());
    if (due !== null && due <= now) {
      const priced = await renderCart(this.env, state, this.pricedFor(state), {}, at);
      // A write while it was priced starts a new idle period (and re-arms): that one is reported in its turn.
      const current = this.store.load(at);
      if (current.version === state.version)
        this.store.queueAbandonment(state.version, abandonmentEvent(state, priced, at));
      state = current;
    }
    await this.deliverEvents(now);
    return state;
  }

  /** Sets the alarm to the next abandonment check or delivery retry, whichever is first. */
  async rearm(state: CartState): Promise<void> {
    const wakeUp = this.wakeUp(state);
    if (wakeUp === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(wakeUp);
  }

  /**
   * After a write: makes sure the alarm fires by the next check. A write
   * only moves the check later (a new idle period starts), so an alarm set
   * earlier stays: it finds nothing due and re-arms (rearm). Setting it again
   * on every write was one more storage write per cart change.
   */
  async armAfterWrite(state: CartState): Promise<void> {
    const wakeUp = this.wakeUp(state);
    if (wakeUp === null) return;
    const armed = await this.ctx.storage.getAlarm();
    if (armed === null || armed > wakeUp) await this.ctx.storage.setAlarm(wakeUp);
  }

  private wakeUp(state: CartState): number | null {
    const abandonment = this.store.abandonment();
    const hasPending = this.store.pendingEvents().length > 0;
    return nextCartWakeUp(
      abandonmentDueAt(state, abandonment.reportedVersion, this.abandonAfterMs()),
      hasPending ? (abandonment.nextDeliveryAt ?? Date.now()) : null,
    );
  }

  private async deliverEvents(now: number): Promise<void> {
    const events = this.store.pendingEvents();
    if (events.length === 0) return;
    const connection = connectDatabase(loadConfig(this.env).database);
    try {
      const announced = await enqueueCartEvents(
        connection.db,
        events.map(({ id, topic, payload, createdAt }) => ({ id, topic, payload, createdAt })),
      );
      this.store.markDelivered(events.map((event) => event.id));
      this.ctx.waitUntil(announceOutboxEvents(this.env.EVENTS, announced));
    } catch (error) {
      const target = { item: `the events of cart ${this.ctx.id.name ?? ''}`, destination: 'the Postgres outbox' };
      const attempts = this.store.abandonment().deliveryFailures + 1;
      this.store.recordDeliveryFailure(afterFailedDelivery(target, attempts, error, DO_BACKLOG_RETRY, now));
    } finally {
      this.ctx.waitUntil(connection.close());
    }
  }

  /** The last writer's channel and group; a cart last written before they were kept: its newest line's channel. */
  private pricedFor(state: CartState): CartViewer {
    return this.store.lastViewer() ?? { channel: state.lines.at(-1)?.channel ?? 'web', group: null };
  }

  private abandonAfterMs(): number {
    return loadConfig(this.env).cartAbandonAfterMs;
  }
}
