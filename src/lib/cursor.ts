import { ApiError } from './errors';
import { isStorableText } from './text';

/**
 * Pagination cursors: the sort key of a page's last item, opaque to callers.
 * Every paginated list encodes and checks its cursor here, so a tampered or
 * foreign cursor is always the same 400.
 */
export function encodeCursor(key: readonly string[]): string {
  return btoa(JSON.stringify(key));
}

/** The key `cursor` carries, if it has `fields` parts of storable text that `isValid` accepts; else a 400. */
export function decodeCursor(
  cursor: string,
  fields: number,
  isValid: (key: string[]) => boolean = () => true,
): string[] {
  try {
    const key: unknown = JSON.parse(atob(cursor));
    if (isKey(key, fields) && isValid(key)) return key;
  } catch {
    // Not base64 JSON: refused below like any other cursor this API did not issue.
  }
  throw new ApiError('validation_failed', 'cursor is not one this API returned.', {
    extensions: { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] },
  });
}

function isKey(value: unknown, fields: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length === fields &&
    value.every((part) => typeof part === 'string' && isStorableText(part))
  );
}

/** The place in a list ordered by `(createdAt, id)` newest first: the key of the last item shown. */
export interface TimeKey {
  createdAt: Date;
  id: string;
}

export const encodeTimeCursor = (last: TimeKey): string => encodeCursor([last.createdAt.toISOString(), last.id]);

/** The key an `encodeTimeCursor` cursor carries; any other cursor is a 400. */
export function decodeTimeCursor(cursor: string): TimeKey {
  const [createdAt = '', id = ''] = decodeCursor(cursor, 2, ([instant]) => isInstant(instant));
  return { createdAt: new Date(createdAt), id };
}

// Exactly what toISOString wrote: Date.parse also takes years (-271821) Postgres cannot hold.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isInstant = (value: string | undefined) =>
  value !== undefined && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
