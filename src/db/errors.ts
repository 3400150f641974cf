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

/**
 * The error's message and those of its causes, outermost first: drizzle wraps a
 * driver failure as "Failed query: <sql>", and the reason (a timeout, a refused
 * connection) is only in the cause. Stored as lastError, so ops can read why.
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (; current instanceof Error; current = current.cause) messages.push(current.message.replace(/\s+/g, ' ').trim());
  if (current !== undefined) messages.push(String(current));
  return messages.join(' <- ');
}
