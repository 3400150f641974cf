import { z } from '@hono/zod-openapi';

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
