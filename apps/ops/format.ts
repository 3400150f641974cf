/** How the console writes times, days and shares: UTC throughout, as the API keeps them. */
import type { Schemas } from '../shared/api';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../shared/order-status';

export type Channel = Schemas['Channel'];

const DAY_MS = 86_400_000;

/** `2026-12-02 14:05:09 UTC` */
export function utcTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A UTC calendar day, `YYYY-MM-DD`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export const today = (): string => utcDay(new Date());

/** The day `days` after `day` (before, when negative). */
export const addDays = (day: string, days: number): string =>
  utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** The days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A share as a person reads it; null (nothing to divide by) is a dash. */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;

export const CHANNEL_LABELS: Record<Channel, string> = { web: 'Web', app: 'App', kiosk: 'Kiosk', pos: 'Till (POS)' };

export const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];
export const ORDER_STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];
