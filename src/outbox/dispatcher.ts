import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { outbox } from '../db/schema';
import { notifySubscribers } from '../back-in-stock/subscriptions';
import { BACK_IN_STOCK_NOTIFY_TOPIC } from '../domain/back-in-stock';
import { OUTBOX_TASK_RETRY } from '../domain/delivery';
import { announceEvents } from '../lib/announce';
import { afterFailedDelivery } from '../lib/delivery';
import {
  commitOrderHolds,
  PAYMENT_VOID_TOPIC,
  releaseOrderStock,
  STOCK_CANCEL_TOPIC,
  STOCK_COMMIT_TOPIC,
  voidOrderPayment,
  CART_COMPLETE_TOPIC,
  completeOrderedCart,
  sellSaleStock,
  STOCK_SELL_TOPIC,
  issueRefund,
  REFUND_TOPIC,
  restockReturn,
  STOCK_RESTOCK_TOPIC,
} from './tasks';
import { releaseCheckoutSpend, WALLET_RELEASE_TOPIC } from '../loyalty/wallet-flows';
import {
  publishBoughtTogether,
  RECOMMENDATIONS_PUBLISH_TOPIC,
  RecommendationsPublishPayload,
} from '../recommendations/publish';
import { PRICE_CHECK_TOPIC } from '../domain/shopper';
import { checkWishedPrices } from '../shopper/price-drop';

// A task being worked on is hidden from other dispatchers this long; if the worker dies it reappears.
const LEASE = sql`interval '2 minutes'`;

type TaskHandler = (deps: DispatcherDeps, payload: unknown) => Promise<unknown>;

/**
 * The outbox topics that are work for Aisle itself. Event topics
 * (order.placed, cart.abandoned, inventory.*) are delivered as webhooks
 * (src/webhooks). The notification tasks announce the events they write,
 * wherever they run, so those leave at once too.
 */
export const TASK_HANDLERS: Record<string, TaskHandler> = {
  [STOCK_COMMIT_TOPIC]: ({ env }, payload) => commitOrderHolds(env, payload),
  [STOCK_CANCEL_TOPIC]: ({ env }, payload) => releaseOrderStock(env, payload),
  [PAYMENT_VOID_TOPIC]: voidOrderPayment,
  [CART_COMPLETE_TOPIC]: ({ env }, payload) => completeOrderedCart(env, payload),
  [STOCK_SELL_TOPIC]: sellSaleStock,
  [STOCK_RESTOCK_TOPIC]: ({ env }, payload) => restockReturn(env, payload),
  [REFUND_TOPIC]: issueRefund,
  [WALLET_RELEASE_TOPIC]: releaseCheckoutSpend,
  [BACK_IN_STOCK_NOTIFY_TOPIC]: async ({ env, db }, payload) => {
    const { notified, toAnnounce } = await notifySubscribers(db, payload);
    await announceEvents(env.EVENTS, toAnnounce);
    return notified;
  },
  [RECOMMENDATIONS_PUBLISH_TOPIC]: (deps, payload) => publishBoughtTogether(deps, [payload]),
  [PRICE_CHECK_TOPIC]: async (deps, payload) => announceEvents(deps.env.EVENTS, await checkWishedPrices(deps, payload)),
};

/**
 * Topics whose due tasks one run of the dispatcher does together: a single
 * call with every leased task's payload does the work of each. An order's
 * recommendations publish rewrites its SKUs' lists from the counts as they
 * are, so the orders of a batch need each SKU written once, not once per
 * order: a best seller in many orders a minute is one KV write a minute,
 * where KV takes one write per key per second. A task whose payload cannot
 * be read runs (and fails) alone; should the merged call fail, each task
 * runs alone.
 */
interface MergedTopic {
  readable(payload: unknown): boolean;
  run(deps: DispatcherDeps, payloads: readonly unknown[]): Promise<unknown>;
}

const MERGED_TOPICS: Record<string, MergedTopic> = {
  [RECOMMENDATIONS_PUBLISH_TOPIC]: {
    readable: (payload) => RecommendationsPublishPayload.safeParse(payload).success,
    run: publishBoughtTogether,
  },
};

export interface DispatcherDeps {
  env: Env;
  db: Database;
}

export interface DispatchReport {
  done: number;
  failed: number;
  dead: number;
}

/** Runs one batch of due tasks (the cron runs batches until none is full, scheduled.ts): lease, run, record. */
export async function dispatchOutbox(deps: DispatcherDeps, batchSize: number): Promise<DispatchReport> {
  return runLeased(deps, await lease(deps.db, batchSize));
}

/**
 * Runs the named tasks (the EVENTS queue's `taskId` messages) as the cron
 * would: each is leased first, so one already done, dead, parked for a
 * retry or being run by the cron is skipped, and a failure is recorded on
 * its row for the cron to retry on the schedule.
 */
export async function dispatchTasks(deps: DispatcherDeps, ids: readonly string[]): Promise<DispatchReport> {
  if (ids.length === 0) return { done: 0, failed: 0, dead: 0 };
  return runLeased(deps, await lease(deps.db, ids.length, ids));
}

export interface OutboxTask {
  id: string;
  topic: string;
  payload: unknown;
}

/**
 * Runs a task its caller has just written to the outbox, without a round
 * trip to lease it, and marks it done in the background (`defer`): checkout's
 * stock commit, a cancel's stock return and payment void. Handlers are idempotent, so if that
 * mark is lost, or the dispatcher runs the task meanwhile, running it twice
 * changes nothing; if the handler throws, the row is still due and the
 * dispatcher takes it from there.
 */
export async function runTaskNow(
  deps: DispatcherDeps,
  task: OutboxTask,
  defer: (work: Promise<unknown>) => void,
): Promise<void> {
  const handler = TASK_HANDLERS[task.topic];
  if (!handler) throw new Error(`no handler for ${task.topic}`);
  await runTaskNowWith(deps, task, defer, handler);
}

/** runTaskNow for a caller that needs what its task's handler found (a sale's oversold lines). */
export async function runTaskNowWith<T>(
  deps: DispatcherDeps,
  task: OutboxTask,
  defer: (work: Promise<unknown>) => void,
  handler: (deps: DispatcherDeps, payload: unknown) => Promise<T>,
): Promise<T> {
  const result = await handler(deps, task.payload);
  defer(
    markDone(deps.db, task.id).catch((error: unknown) =>
      console.error(`outbox ${task.id}: done, but not marked so; the dispatcher will run it again`, error),
    ),
  );
  return result;
}

async function markDone(db: Database, ...ids: string[]): Promise<void> {
  await db
    .update(outbox)
    .set({ processedAt: sql`now()`, lastError: null })
    .where(inArray(outbox.id, ids));
}

/** Leases up to `limit` due tasks, oldest first; only those of `ids` when given. */
async function lease(db: Database, limit: number, ids?: readonly string[]) {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        inArray(outbox.topic, Object.keys(TASK_HANDLERS)),
        ids && inArray(outbox.id, [...ids]),
        sql`${outbox.processedAt} is null and not ${outbox.dead} and ${outbox.availableAt} <= now()`,
      ),
    )
    .orderBy(outbox.availableAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, availableAt: sql`now() + ${LEASE}` })
    .where(inArray(outbox.id, due))
    .returning({ id: outbox.id, topic: outbox.topic, payload: outbox.payload, attempts: outbox.attempts });
}

interface LeasedTask extends OutboxTask {
  /** Attempts started, this one included. */
  attempts: number;
}

async function runLeased(deps: DispatcherDeps, tasks: LeasedTask[]): Promise<DispatchReport> {
  const report: DispatchReport = { done: 0, failed: 0, dead: 0 };
  const merged = new Map<string, LeasedTask[]>();
  for (const task of tasks) {
    if (!MERGED_TOPICS[task.topic]?.readable(task.payload)) await runOne(deps, task, report);
    else if (merged.has(task.topic)) merged.get(task.topic)?.push(task);
    else merged.set(task.topic, [task]);
  }
  for (const [topic, group] of merged) {
    if (group.length > 1 && (await runMerged(deps, topic, group))) report.done += group.length;
    else for (const task of group) await runOne(deps, task, report);
  }
  return report;
}

async function runOne(deps: DispatcherDeps, task: LeasedTask, report: DispatchReport): Promise<void> {
  const handler = TASK_HANDLERS[task.topic];
  try {
    if (!handler) throw new Error(`no handler for ${task.topic}`);
    await handler(deps, task.payload);
    await markDone(deps.db, task.id);
    report.done += 1;
  } catch (error) {
    if (await recordFailure(deps.db, task, error)) report.dead += 1;
    else report.failed += 1;
  }
}

/** One call for the whole group; false (nothing marked) if it failed, for each task to run alone. */
async function runMerged(deps: DispatcherDeps, topic: string, group: readonly LeasedTask[]): Promise<boolean> {
  const merged = MERGED_TOPICS[topic];
  if (!merged) return false;
  try {
    await merged.run(
      deps,
      group.map((task) => task.payload),
    );
    await markDone(deps.db, ...group.map((task) => task.id));
    return true;
  } catch (error) {
    console.error(`outbox: ${group.length} ${topic} tasks run together failed; running each alone`, error);
    return false;
  }
}

/** Stores a failed run on the task's row, which is its delivery record; true when the task is now dead. */
async function recordFailure(db: Database, task: LeasedTask, error: unknown): Promise<boolean> {
  const now = Date.now();
  // The lease already counted this attempt.
  const failed = afterFailedDelivery(
    { item: `outbox task ${task.id}`, destination: task.topic },
    task.attempts,
    error,
    OUTBOX_TASK_RETRY,
    now,
  );
  await db
    .update(outbox)
    .set({
      dead: failed.dead,
      lastError: failed.lastError,
      // Due rows are picked by Postgres's clock (the lease's now()), so the delay is added to that clock, not
      // to this Worker's. A parked task keeps its lease time; reviving it makes it due.
      ...(failed.nextAttemptAt !== null && {
        availableAt: sql`now() + make_interval(secs => ${(failed.nextAttemptAt - now) / 1000})`,
      }),
    })
    .where(eq(outbox.id, task.id));
  return failed.dead;
}
