/**
 * KPIs over time. `GET /v1/admin/kpis` answers one window, so the console asks it once for the whole range
 * (the table's figures) and once per bucket of days (the charts' points). A range of up to 31 days has a
 * point per day; a longer one groups days, so a year costs 31 calls, not 365.
 */
import { call, type AisleClient, type Schemas } from '../shared/api';
import { addDays, daysBetween } from './format';

export type Kpis = Schemas['Kpis'];

const MAX_POINTS = 31;
const PARALLEL = 4;

export interface Bucket {
  /** First and last day, both included. */
  from: string;
  to: string;
}

export function bucketsOf(from: string, to: string): Bucket[] {
  const days = daysBetween(from, to);
  const size = Math.ceil(days.length / MAX_POINTS);
  const buckets: Bucket[] = [];
  for (let start = 0; start < days.length; start += size) {
    const first = days[start] as string;
    const last = days[Math.min(start + size, days.length) - 1] as string;
    buckets.push({ from: first, to: last });
  }
  return buckets;
}

export interface KpiSeries {
  range: Kpis;
  points: { bucket: Bucket; kpis: Kpis }[];
}

/** `to` is a day, so the API reads it as that day's end: the window is [from 00:00, to + 1 day 00:00). */
const kpisOf = (client: AisleClient, from: string, to: string) =>
  call(client.GET('/v1/admin/kpis', { params: { query: { from, to } } }));

export async function readKpiSeries(client: AisleClient, from: string, to: string): Promise<KpiSeries> {
  const buckets = bucketsOf(from, to);
  const points: KpiSeries['points'] = [];
  const range = kpisOf(client, from, to);
  for (let start = 0; start < buckets.length; start += PARALLEL) {
    const batch = buckets.slice(start, start + PARALLEL);
    const answers = await Promise.all(batch.map((bucket) => kpisOf(client, bucket.from, bucket.to)));
    answers.forEach((kpis, index) => points.push({ bucket: batch[index] as Bucket, kpis }));
  }
  return { range: await range, points };
}

/** The default range: the last seven days, today included. */
export const lastWeek = (today: string): Bucket => ({ from: addDays(today, -6), to: today });
