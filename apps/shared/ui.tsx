/** The pieces every screen shares: loading and error states, and a hook for a call's state. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { toFailure, type ApiFailure } from './api';

/** A polite live region: screen readers hear it, nothing moves focus. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** A problem+json answer as a person reads it: its title, its `detail` and the fields at fault. Never a stack. */
export function ProblemView({ error, onRetry }: { error: ApiFailure; onRetry?: () => void }) {
  const { title, detail, errors, code, shortages } = error.problem;
  return (
    <div class="problem" role="alert" data-code={code}>
      <p class="problem-title">{title}</p>
      <p>{detail}</p>
      {errors && errors.length > 0 && (
        <ul>
          {errors.map((field) => (
            <li key={field.path}>
              <code>{field.path}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
      {shortages && shortages.length > 0 && (
        <ul>
          {shortages.map((shortage) => (
            <li key={shortage.sku}>
              {shortage.sku}: {shortage.available} available of {shortage.requested}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  loading: boolean;
  reload: () => void;
  /** Replaces the data (a live update, or the answer of a write). */
  set: (data: T) => void;
}

/** Runs `load` when `deps` change and on reload; the latest run wins. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => run === latest.current && setState({ data, loading: false }),
      (error: unknown) => run === latest.current && setState({ error: toFailure(error), loading: false }),
    );
    // The caller names what `load` depends on, as with useEffect.
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  const set = useCallback((data: T) => setState({ data, loading: false }), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, set };
}

/** What an async value shows: loading, its problem (with a retry), or `children(data)`. */
export function Show<T>({
  value,
  children,
  label,
}: {
  value: Async<T>;
  children: (data: T) => ComponentChildren;
  label?: string;
}) {
  if (value.error) return <ProblemView error={value.error} onRetry={value.reload} />;
  if (value.data === undefined) return <Loading label={label} />;
  return <>{children(value.data)}</>;
}

/** Runs a write, keeping its pending state and its problem for the form that started it. */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(undefined);
    try {
      return await work();
    } catch (failure) {
      setError(toFailure(failure));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run, clear: () => setError(undefined) };
}

/** A column heading: its label; `num` right-aligns a column of figures; `hidden` is read only by screen readers. */
export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** A table's header row as every table in the apps has it: each heading scoped to its column. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, num = false, hidden = false } = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={label} scope="col" class={num ? 'num' : undefined}>
              {hidden ? <span class="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
