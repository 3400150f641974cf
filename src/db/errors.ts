// SQLSTATE classes that mean "the database is not reachable or is shutting
// down" rather than "this query is wrong": 08 connection exception, 57P admin shutdown.
const UNAVAILABLE_SQLSTATE = /^(08|57P)/;
const UNAVAILABLE_MESSAGE = /connection terminated|connection refused|ECONNREFUSED|websocket|socket hang up|timeout/i;

/** True when `error` (or any of its causes) says Postgres could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code)) return true;
    if (UNAVAILABLE_MESSAGE.test(current.message)) return true;
  }
  return false;
}

/** The CHECK constraint `error` (or one of its causes) says a statement violated (SQLSTATE 23514), if any. */
export function violatedCheck(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23514' && typeof constraint === 'string') return constraint;
  }
  return null;
}
