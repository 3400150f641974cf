import type { AppConfig } from '../config';
import { connectDatabase } from '../db/client';
import { runTaskNow, type OutboxTask } from '../outbox/dispatcher';

interface OrderFlowDeps {
  env: Env;
  config: AppConfig;
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Runs an order's recommendations publish after the response, so the
 * shopper never waits on it: its lists are fresh a moment after the order,
 * and the outbox row (written with the order) has the cron dispatcher publish
 * within a minute if this fails. It opens its own pool because the request's
 * is closed once the response is on its way.
 */
export function publishAfterOrder(deps: OrderFlowDeps, task: OutboxTask | null): void {
  if (!task) return;
  deps.waitUntil(
    (async () => {
      const connection = connectDatabase(deps.config.database);
      // Marking the task done is part of the work, so it is awaited before the pool closes.
      const marks: Promise<unknown>[] = [];
      try {
        await runTaskNow({ env: deps.env, db: connection.db }, task, (work) => marks.push(work));
        await Promise.all(marks);
      } catch (error) {
        console.error(`${task.id}: left to the outbox dispatcher`, error);
      } finally {
        await connection.close();
      }
    })(),
  );
}
