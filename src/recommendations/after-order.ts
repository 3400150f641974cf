import { runTaskNow, type DispatcherDeps, type OutboxTask } from '../outbox/dispatcher';

interface OrderFlowDeps extends DispatcherDeps {
  /** Work after the response; the request's connection stays open for it (http/request-scope.ts). */
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Runs an order's recommendations publish after the response, so the
 * shopper never waits on it: its lists are fresh a moment after the order,
 * and the outbox row (written with the order) has the cron dispatcher publish
 * within a minute if this fails.
 */
export function publishAfterOrder(deps: OrderFlowDeps, task: OutboxTask | null): void {
  if (!task) return;
  deps.waitUntil(
    runTaskNow(deps, task, deps.waitUntil).catch((error: unknown) =>
      console.error(`${task.id}: left to the outbox dispatcher`, error),
    ),
  );
}
