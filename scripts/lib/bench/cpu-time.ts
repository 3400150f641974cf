import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) spent so far by the stack's processes, by what they are. */
export interface CpuTimes {
  /** workerd's busiest thread: the event loop that runs the Worker and every Durable Object here. */
  workerdLoop: number;
  /** Every workerd thread (the loop, V8's garbage collector and compiler threads, I/O). */
  workerd: number;
  /**
   * Every Postgres process: the postmaster, the backends, its background workers.
   * A backend that exits during a run takes its time with it; behind the pooler they live on.
   */
  postgres: number;
  pgbouncer: number;
}

/** A sample of the stack's processes, and the machine's CPU time so far (ticks, every core). */
export interface CpuSample {
  times: CpuTimes;
  machineTicks: number;
  /** Time the hypervisor gave this VM's cores to others: another guest's load, not ours. */
  stealTicks: number;
}

/** What each request of a run cost, and the share of the machine's time stolen meanwhile. */
export interface RunCpu {
  perRequest: CpuTimes;
  /** Steal over all CPU time during the run, 0-1: a noisy neighbour shows here. */
  stealShare: number;
}

// Linux's clock ticks per second for /proc times; every kernel Node supports uses 100.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  name: string;
  ppid: number;
  /** user + system time, in ms */
  cpuMs: number;
}

/** /proc/<pid>/stat (or a thread's): the name is in parentheses and may hold spaces. */
function readStat(path: string): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // it ended while we looked
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // After the name: state, ppid, …; utime and stime are fields 14 and 15 of the whole line.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    pid: Number(text.slice(0, open)),
    name: text.slice(open + 1, close),
    ppid: Number(fields[1]),
    cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
  };
}

const numericEntries = (dir: string) => {
  try {
    return readdirSync(dir).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
};

/**
 * The CPU time of this process's descendants (the bench's workerd, Postgres
 * and PgBouncer), read from /proc; null where there is no /proc (not Linux).
 * A sample before and after a timed run gives what its requests cost.
 */
export function sampleCpu(): CpuSample | null {
  const all = numericEntries('/proc')
    .map((pid) => readStat(`/proc/${pid}/stat`))
    .filter((stat): stat is ProcStat => stat !== null);
  if (all.length === 0) return null;
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const descendants: ProcStat[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      descendants.push(child);
      queue.push(child.pid);
    }
  }
  const times: CpuTimes = { workerdLoop: 0, workerd: 0, postgres: 0, pgbouncer: 0 };
  for (const stat of descendants) {
    if (stat.name === 'workerd') {
      times.workerd += stat.cpuMs;
      for (const tid of numericEntries(`/proc/${stat.pid}/task`)) {
        const thread = readStat(`/proc/${stat.pid}/task/${tid}/stat`);
        // The loop is one thread for the process's life; a process's busiest thread is it.
        if (thread) times.workerdLoop = Math.max(times.workerdLoop, thread.cpuMs);
      }
    } else if (stat.name === 'postgres') times.postgres += stat.cpuMs;
    else if (stat.name === 'pgbouncer') times.pgbouncer += stat.cpuMs;
  }
  // /proc/stat's first line: cpu user nice system idle iowait irq softirq steal …
  const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  return {
    times,
    machineTicks: machine.slice(0, 8).reduce((sum, ticks) => sum + ticks, 0),
    stealTicks: machine[7] ?? 0,
  };
}

/** What each request of a run cost, from samples taken before and after it. */
export function runCpu(before: CpuSample | null, after: CpuSample | null, requests: number): RunCpu | null {
  if (!before || !after || requests === 0) return null;
  const each = (key: keyof CpuTimes) => Math.max(0, after.times[key] - before.times[key]) / requests;
  const machine = after.machineTicks - before.machineTicks;
  return {
    perRequest: {
      workerdLoop: each('workerdLoop'),
      workerd: each('workerd'),
      postgres: each('postgres'),
      pgbouncer: each('pgbouncer'),
    },
    stealShare: machine > 0 ? (after.stealTicks - before.stealTicks) / machine : 0,
  };
}
