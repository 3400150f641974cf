/**
 * Whether the till can reach the API. It is offline when the cashier says so (the toggle), when the browser
 * says so (navigator.onLine, the `offline` event), or when a call has just failed to reach the server; in
 * the last case it asks `/healthz` every few seconds until the server answers again.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiClient, toFailure } from '../shared/api';

const PROBE_EVERY_MS = 5_000;
const TOGGLE_KEY = 'aisle.till.offline';

export type OfflineReason = 'toggle' | 'browser' | 'unreachable';

interface ConnectionState {
  toggle: boolean;
  browser: boolean;
  unreachable: boolean;
}

let state: ConnectionState = {
  toggle: localStorage.getItem(TOGGLE_KEY) === 'on',
  browser: !navigator.onLine,
  unreachable: false,
};
const listeners = new Set<(next: ConnectionState) => void>();
let probe: ReturnType<typeof setInterval> | undefined;

function update(change: Partial<ConnectionState>) {
  state = { ...state, ...change };
  if (state.unreachable && !probe) probe = setInterval(() => void probeServer(), PROBE_EVERY_MS);
  if (!state.unreachable && probe) {
    clearInterval(probe);
    probe = undefined;
  }
  for (const listener of listeners) listener(state);
}

async function probeServer() {
  try {
    const { response } = await apiClient().GET('/healthz');
    if (response.ok) update({ unreachable: false });
  } catch {
    // Still unreachable; the next probe tries again.
  }
}

addEventListener('online', () => update({ browser: false, unreachable: false }));
addEventListener('offline', () => update({ browser: true }));

/** Offline mode on or off (kept across reloads: the cashier chose it). */
export function setOfflineToggle(on: boolean): void {
  localStorage.setItem(TOGGLE_KEY, on ? 'on' : 'off');
  update({ toggle: on });
}

/** A call failed to reach the server (status 0): treat the till as offline until /healthz answers. */
function reportUnreachable(): void {
  update({ unreachable: true });
}

/** `call(...)` that also marks the till unreachable when the server could not be reached. */
export async function reaching<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const failure = toFailure(error);
    if (failure.problem.status === 0) reportUnreachable();
    throw failure;
  }
}

export interface Connection {
  online: boolean;
  /** Why it is offline, the first that holds; undefined when online. */
  reason: OfflineReason | undefined;
  toggle: boolean;
}

const connectionOf = (current: ConnectionState): Connection => {
  const reason: OfflineReason | undefined = current.toggle
    ? 'toggle'
    : current.browser
      ? 'browser'
      : current.unreachable
        ? 'unreachable'
        : undefined;
  return { online: reason === undefined, reason, toggle: current.toggle };
};

export function useConnection(): Connection {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return connectionOf(current);
}
