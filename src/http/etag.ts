/**
 * Whether an `If-None-Match` header names `etag` (RFC 9110 §13.1.2): a list
 * of entity tags or `*`, compared weakly (a `W/` prefix is ignored).
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
