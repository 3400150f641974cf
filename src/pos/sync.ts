import { isDatabaseUnavailable } from '../db/errors';
import { ApiError, problemBody } from '../lib/errors';
import { validationError } from '../lib/validation';
import { PosSaleBodySchema } from '../schemas/pos';
import { recordSale, type SaleDeps, type Till } from './sales';

export interface SyncResult {
  saleId: string | null;
  status: 'created' | 'replayed' | 'rejected' | 'failed';
  orderId?: string;
  problem?: Record<string, unknown>;
}

/**
 * POST /v1/pos/sales/sync: a till's offline queue, recorded one sale after
 * another in the order given, each exactly as POST /v1/pos/sales records it.
 * A sale that is refused (or fails on our side) is answered in its result
 * and the rest go on; only Postgres being unreachable stops the batch, and
 * since every sale is idempotent the till simply uploads the queue again.
 */
export async function syncSales(deps: SaleDeps, till: Till, sales: readonly unknown[]): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const [index, raw] of sales.entries()) results.push(await syncOne(deps, till, raw, index));
  return results;
}

async function syncOne(deps: SaleDeps, till: Till, raw: unknown, index: number): Promise<SyncResult> {
  const saleId = saleIdOf(raw);
  const parsed = PosSaleBodySchema.safeParse(raw);
  if (!parsed.success) {
    return { saleId, status: 'rejected', problem: problemBody(validationError(parsed.error, `json.sales.${index}`)) };
  }
  try {
    const { order, replayed } = await recordSale(deps, till, parsed.data);
    return { saleId, status: replayed ? 'replayed' : 'created', orderId: order.id };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    if (error instanceof ApiError) {
      return { saleId, status: error.status >= 500 ? 'failed' : 'rejected', problem: problemBody(error) };
    }
    console.error(`sync of sale ${saleId ?? `#${index}`} at ${till.locationId} failed`, error);
    const failed = new ApiError('internal', 'Recording this sale failed on our side; upload it again.');
    return { saleId, status: 'failed', problem: problemBody(failed) };
  }
}

function saleIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('saleId' in raw)) return null;
  return typeof raw.saleId === 'string' ? raw.saleId : null;
}
