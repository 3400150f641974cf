const formats = new Map<string, Intl.NumberFormat>();

/** Integer minor units as the shopper reads them: `money(1999, 'USD')` is `$19.99`. */
export function money(minor: number, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formats.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
