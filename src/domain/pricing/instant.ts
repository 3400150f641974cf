// Instants are compared as epoch milliseconds, never as strings:
// "…00Z" and "…00.000Z" name the same instant but do not sort together.

// ISO 8601 with a 'T' or a space (Postgres text output) between date and
// time, and an offset of Z, ±HH, ±HHMM or ±HH:MM.
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Epoch milliseconds of an ISO 8601 instant; throws RangeError if it is not one. */
export function parseInstant(value: string): number {
  const match = ISO_INSTANT.exec(value);
  const [, date, time, offset] = match ?? [];
  if (date === undefined || time === undefined || offset === undefined) {
    throw new RangeError(`not an ISO 8601 instant with an offset: ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(`${date}T${time}${normalizeOffset(offset)}`);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${JSON.stringify(value)}`);
  return ms;
}

function normalizeOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

/** Lower bound of an optional window; null is open. */
export function openStart(value: string | null): number {
  return value === null ? Number.NEGATIVE_INFINITY : parseInstant(value);
}

/** Upper bound of an optional window; null is open. */
export function openEnd(value: string | null): number {
  return value === null ? Number.POSITIVE_INFINITY : parseInstant(value);
}
