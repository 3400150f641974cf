import type { Database } from '../db/client';
import { EmailInUse, ensureCustomer, lockCustomer, updateCustomer, type CustomerRow } from '../db/customers';
import { applyConsent, consentOf } from '../domain/customers';
import { ApiError } from '../lib/errors';
import type { z } from '@hono/zod-openapi';
import type { ProfileSchema, ProfileUpdateSchema } from '../schemas/customers';

export type ProfileView = z.infer<typeof ProfileSchema>;
export type ProfileUpdate = z.infer<typeof ProfileUpdateSchema>;

const iso = (timestamp: string) => new Date(timestamp).toISOString();

export function profileView(row: CustomerRow): ProfileView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    marketingConsent: consentOf(row.marketingConsent),
    createdAt: iso(row.createdAt),
  };
}

/** The caller's profile; a customer Aisle never saw gets an empty one, created by this read. */
export async function showProfile(db: Database, customerId: string): Promise<ProfileView> {
  return profileView(await ensureCustomer(db, customerId));
}

/**
 * Applies a partial update: fields left out stay, `null` clears one, and a
 * consent gets a new date and channel only when its answer changes. The row
 * is locked for the read-change-write so two devices answering at once both
 * count.
 */
export async function changeProfile(
  db: Database,
  customerId: string,
  update: ProfileUpdate,
  context: { channel: string },
): Promise<ProfileView> {
  try {
    const row = await db.transaction(async (tx) => {
      const current = await lockCustomer(tx, customerId);
      const { marketingConsent: answer, ...fields } = update;
      const marketingConsent = answer
        ? applyConsent(consentOf(current.marketingConsent), answer, { at: new Date().toISOString(), ...context })
        : undefined;
      return updateCustomer(tx, customerId, { ...fields, ...(marketingConsent && { marketingConsent }) });
    });
    return profileView(row);
  } catch (error) {
    if (error instanceof EmailInUse) {
      throw new ApiError('email_in_use', 'Another customer already uses this email.');
    }
    throw error;
  }
}
