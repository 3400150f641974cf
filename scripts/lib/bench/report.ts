import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { dirname } from 'node:path';
import type { CpuTimes, RunCpu } from './cpu-time';
import type { LoadResult } from './load-run';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export interface ScenarioResult {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  ratioP50: number;
  /** CPU per request of the timed run, by process (ms); absent off Linux or with BENCH_URL. */
  cpuMsPerRequest?: CpuTimes;
  /** The machine's steal time during the run, % of all its CPU time (another guest's load). */
  stealPercent?: number;
}

export interface BenchResults {
  machine: Machine;
  baseline: Pick<ScenarioResult, 'rps' | 'p50Ms' | 'p99Ms' | 'cpuMsPerRequest' | 'stealPercent'>;
  scenarios: ScenarioResult[];
}

/** The targets of issue #19: p50 at most this many times the baseline's, in the same run. */
export const P50_TARGETS: Record<string, number> = {
  'availability-1': 1.5,
  'availability-20': 3,
  'prices-20': 1.5,
  'quote-20': 1.5,
  'cart-add': 2.5,
  'cart-get-20': 3,
  'checkout-3': 50,
  'loyalty-read': 10,
  recommendations: 1.5,
  'wishlist-read': 2.5,
};

/** Scenarios whose target is checkout-3's own ratio in the same run (a till sale or a return costs no more than a checkout). */
export const AT_MOST_CHECKOUT = ['pos-sale-3', 'return-1'] as const;

/** The verdicts of AT_MOST_CHECKOUT, once checkout-3 has run. */
export function checkoutRelativeVerdicts(results: readonly ScenarioResult[]): Map<string, string> {
  const checkout = results.find((result) => result.name === 'checkout-3');
  const verdicts = new Map<string, string>();
  if (!checkout) return verdicts;
  for (const result of results.filter((r) => (AT_MOST_CHECKOUT as readonly string[]).includes(r.name))) {
    const met = result.ratioP50 <= checkout.ratioP50 ? 'met' : 'MISSED';
    verdicts.set(result.name, verdict(result, `${met} (≤ checkout-3's ${checkout.ratioP50.toFixed(2)}×)`));
  }
  return verdicts;
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osName()} (${type()} ${release()})`,
  };
}

function osName(): string {
  const file = '/etc/os-release';
  if (!existsSync(file)) return type();
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync(file, 'utf8'));
  return pretty?.[1] ?? type();
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** A run as results.json keeps it; `load.cpu`, where the run was sampled, adds its CPU figures. */
export function scenarioResult(
  name: string,
  load: LoadResult & { cpu?: RunCpu | null },
  baselineP50: number,
): ScenarioResult {
  return {
    name,
    rps: round(load.rps, 1),
    p50Ms: round(load.p50Ms, 3),
    p99Ms: round(load.p99Ms, 3),
    errors: load.errors,
    ratioP50: round(load.p50Ms / baselineP50, 2),
    ...cpuFields(load.cpu ?? null),
  };
}

/** A run's CPU figures as results.json keeps them (nothing when they were not measured). */
export function cpuFields(cpu: RunCpu | null): Pick<ScenarioResult, 'cpuMsPerRequest' | 'stealPercent'> {
  if (!cpu) return {};
  const { perRequest } = cpu;
  return {
    cpuMsPerRequest: {
      workerdLoop: round(perRequest.workerdLoop, 3),
      workerd: round(perRequest.workerd, 3),
      postgres: round(perRequest.postgres, 3),
      pgbouncer: round(perRequest.pgbouncer, 3),
    },
    stealPercent: round(cpu.stealShare * 100, 1),
  };
}

/** Where a scenario stands against its target, in words for the table; `extra` is what else was checked. */
export function verdict(result: ScenarioResult, extra?: string): string {
  const parts: string[] = [];
  const target = P50_TARGETS[result.name];
  if (target !== undefined) parts.push(`${result.ratioP50 <= target ? 'met' : 'MISSED'} (≤ ${target}×)`);
  if (extra) parts.push(extra);
  if (result.errors > 0) parts.push('ERRORS');
  return parts.join('; ') || (result.errors === 0 ? 'no ratio target; zero errors' : '');
}

/**
 * What each request cost in CPU, by process, and the machine's steal time
 * meanwhile. The loop's CPU per request bounds the mean latency at one
 * connection (docs/performance.md, "CPU per request").
 */
export function formatCpuTable(results: BenchResults): string {
  const measured = [{ name: 'baseline (/healthz)', ...results.baseline }, ...results.scenarios].flatMap(
    ({ name, cpuMsPerRequest: cpu, stealPercent }) => (cpu ? [{ name, cpu, steal: stealPercent ?? 0 }] : []),
  );
  return markdownTable([
    [
      'CPU per request (ms)',
      'workerd loop',
      'workerd, all threads',
      'Postgres',
      'PgBouncer',
      'loop ÷ baseline p50',
      'machine steal %',
    ],
    ...measured.map(({ name, cpu, steal }) => [
      name,
      cpu.workerdLoop.toFixed(2),
      cpu.workerd.toFixed(2),
      cpu.postgres.toFixed(2),
      cpu.pgbouncer.toFixed(2),
      (cpu.workerdLoop / results.baseline.p50Ms).toFixed(2),
      steal.toFixed(1),
    ]),
  ]);
}

/** One markdown table: what the console shows and what docs/performance.md and the README carry. */
export function formatTable(results: BenchResults, verdicts: ReadonlyMap<string, string>): string {
  const fmt = (value: number, digits: number) => value.toFixed(digits);
  const rows = [
    ['scenario', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'p50 × baseline', 'target'],
    [
      'baseline (/healthz)',
      fmt(results.baseline.rps, 0),
      fmt(results.baseline.p50Ms, 2),
      fmt(results.baseline.p99Ms, 2),
      '0',
      '1.00',
      '',
    ],
    ...results.scenarios.map((s) => [
      s.name,
      fmt(s.rps, 0),
      fmt(s.p50Ms, 2),
      fmt(s.p99Ms, 2),
      String(s.errors),
      fmt(s.ratioP50, 2),
      verdicts.get(s.name) ?? '',
    ]),
  ];
  return markdownTable(rows);
}

function markdownTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...body.map(line)].join(
    '\n',
  );
}

export function writeResults(file: string, results: BenchResults & Record<string, unknown>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
