/** A UTF-16 surrogate without its pair: not text, so no store (Postgres included) can hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `value` is text a store can hold as it is: no NUL (Postgres refuses it), no lone surrogate. */
export const isStorableText = (value: string): boolean => !value.includes('\u0000') && !LONE_SURROGATE.test(value);
