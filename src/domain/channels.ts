/** Where a shopper buys from. A till's token is always `pos`; anyone else chooses with `X-Channel`. */
export const CUSTOMER_CHANNELS = ['web', 'app', 'kiosk'] as const;
export const CHANNELS = [...CUSTOMER_CHANNELS, 'pos'] as const;

export type CustomerChannel = (typeof CUSTOMER_CHANNELS)[number];
export type Channel = (typeof CHANNELS)[number];
