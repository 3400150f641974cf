import { z } from '@hono/zod-openapi';
import { isStorableText } from '../lib/text';

const STORABLE_MESSAGE = 'must not contain NUL or unpaired surrogate characters';

/**
 * Every free-text field starts here: a string Postgres can store. NUL and lone
 * surrogates pass JSON and zod but fail at the database, so without this they
 * were 500s, at checkout only after stock was held and the payment authorized.
 */
export const TextSchema = z.string().refine(isStorableText, STORABLE_MESSAGE);

const MAX_JSON_DEPTH = 8;

/** Whether `value`, a parsed JSON value, nests at most `depth` deep and holds only storable text. */
function isStorableJson(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth === 0) return false;
  const entries = Array.isArray(value) ? value.map((item) => ['', item] as const) : Object.entries(value);
  return entries.every(([key, item]) => isStorableText(key) && isStorableJson(item, depth - 1));
}

/** Free-form JSON attributes (stored as jsonb): storable text throughout, nested at most 8 deep. */
export const JsonObjectSchema = z
  .record(TextSchema.max(200), z.unknown())
  .refine((value) => isStorableJson(value, MAX_JSON_DEPTH), {
    message: `must nest at most ${MAX_JSON_DEPTH} deep and hold no NUL or unpaired surrogate characters`,
  });

export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const SkuSchema = z
  .string()
  .regex(SKU_PATTERN, 'must match ^[A-Za-z0-9._-]{1,64}$')
  .openapi({ example: 'TEE-ORG-BLK-M' });

export const IdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits, . _ : -');

/** `?skus=A,B,C` as a validated, de-duplicated list. */
export function skuListQuery(max: number) {
  return z
    .string()
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((sku) => sku.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(SkuSchema).min(1, 'name at least one SKU').max(max, `at most ${max} SKUs per call`))
    .openapi({
      type: 'string',
      example: 'TEE-ORG-BLK-M,MUG-STONE-350',
      description: `Comma-separated SKUs, at most ${max}.`,
    });
}

/** Rejects a bulk body that names the same key twice (an upsert could not apply both). */
export function uniqueBy<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const value = key(item);
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: `duplicate ${what} ${value}` });
      seen.add(value);
    });
  };
}

/** `?cursor=&limit=` of a list paged with src/lib/cursor.ts: 20 at a time unless asked, at most 100. */
export const PageQuerySchema = z.object({
  cursor: TextSchema.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
