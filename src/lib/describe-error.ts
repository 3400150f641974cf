/** Longest error description stored or logged: a batch insert's failed query quotes every parameter. */
export const MAX_ERROR_DESCRIPTION = 1_000;

const ELISION = ' … ';

/**
 * The error's message and those of its causes, outermost first, on one line
 * and at most `maxLength` characters: drizzle wraps a driver failure as
 * "Failed query: <sql> params: <…>", and the reason (a timeout, a refused
 * connection) is only in the cause. A long description loses its middle, not
 * its end, because the outermost message says what failed and the innermost
 * one why.
 */
export function describeError(error: unknown, maxLength = MAX_ERROR_DESCRIPTION): string {
  return elideMiddle(causeChain(error).join(' <- '), maxLength);
}

// Bounds a chain that loops back on itself.
const MAX_CAUSES = 10;

function causeChain(error: unknown): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < MAX_CAUSES; depth += 1) {
    if (current instanceof Error) {
      messages.push(oneLine(current.message));
      current = current.cause;
    } else if (typeof ErrorEvent === 'function' && current instanceof ErrorEvent) {
      // The Neon driver rejects with the WebSocket's ErrorEvent when the connection fails: not an Error, and
      // String() of it says only "[object ErrorEvent]". Its error, when it has one, says why.
      if (current.error === undefined || current.error === null) {
        messages.push(`ErrorEvent: ${oneLine(current.message)}`);
        current = undefined;
      } else current = current.error;
    } else {
      messages.push(String(current));
      current = undefined;
    }
  }
  return messages;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function elideMiddle(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const kept = maxLength - ELISION.length;
  const head = Math.ceil(kept / 2);
  return `${text.slice(0, head)}${ELISION}${text.slice(text.length - (kept - head))}`;
}
