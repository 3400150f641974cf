import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { uniqueId } from './helpers/api';
import { createProducts, seedCatalog } from './helpers/catalog';
import { cartOf, device } from './helpers/carts';
import { openSocket, type CloseFrame } from './helpers/sockets';
import { countStock, stockOf } from './helpers/stock';
import { customerToken } from './helpers/tokens';

interface LiveFeed {
  path: string;
  /** Changes what the feed shows; `shows` recognises the message announcing it. */
  change(): Promise<unknown>;
  shows(message: unknown): boolean;
}

interface FeedMessage {
  locations?: { locationId: string; available: number }[];
  cart?: { version: number };
}

const feeds: [string, () => Promise<LiveFeed>][] = [
  [
    'availability feed (StockDO)',
    async () => {
      const sku = uniqueId('LIVE');
      const store = uniqueId('store');
      await seedCatalog([sku], [{ id: store }]);
      return {
        path: `/v1/availability/${sku}/live`,
        change: () => countStock([sku], { [store]: 8 }),
        shows: (message) =>
          (message as FeedMessage).locations?.some((level) => level.locationId === store && level.available === 8) ??
          false,
      };
    },
  ],
  [
    'cart feed (CartDO)',
    async () => {
      const [sku] = await createProducts(1);
      const token = await customerToken(uniqueId('cus'));
      return {
        path: `/v1/cart/live?token=${token}`,
        change: () => device(token).add(sku!, 1),
        shows: (message) => (message as FeedMessage).cart?.version === 1,
      };
    },
  ],
];

describe('a live feed whose client closes without a code', () => {
  it.each(feeds)('%s: answers the close with 1000 and keeps serving new sockets', async (_, openFeed) => {
    const feed = await openFeed();
    const leaving = await openSocket(feed.path);
    await leaving.waitFor(() => true);

    leaving.hangUp();

    // The DO may not echo 1005; if answering threw, no close frame would ever come back.
    expect(await leaving.closed()).toMatchObject({ code: 1000 });
    const staying = await openSocket(feed.path);
    try {
      await staying.waitFor(() => true);
      await feed.change();
      await staying.waitFor(feed.shows);
    } finally {
      staying.close();
    }
  });
});

/** The DOs whose `webSocketClose` answers a client's close, each a fresh instance. */
const durableObjects: [string, () => DurableObjectStub][] = [
  ['StockDO', () => stockOf(uniqueId('SKU'))],
  ['CartDO', () => cartOf(`customer:${uniqueId('cus')}`)],
];

const NO_ANSWER_MS = 2000;

/** A connected pair of sockets; `heard` resolves with the close frame the client end receives. */
function socketPair() {
  const { 0: client, 1: server } = new WebSocketPair();
  client.accept();
  server.accept();
  const heard = new Promise<CloseFrame>((resolve) =>
    client.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
  );
  return { client, server, heard };
}

/** The DO's own close handler, called the way the runtime calls it when a client's close frame arrives. */
function closeHandlerOf(instance: DurableObject) {
  const handler = instance.webSocketClose;
  if (!handler) throw new Error('the Durable Object does not answer closes');
  return (socket: WebSocket, received: CloseFrame) =>
    handler.call(instance, socket, received.code, received.reason, true);
}

/** What a client hears after the DO answered its close frame carrying `received`. */
const answerTo = (stub: DurableObjectStub, received: CloseFrame) =>
  runInDurableObject(stub, async (instance: DurableObject) => {
    const { server, heard } = socketPair();
    await closeHandlerOf(instance)(server, received);
    let timer = 0;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${NO_ANSWER_MS} ms`)), NO_ANSWER_MS);
    });
    return Promise.race([heard, silence]).finally(() => clearTimeout(timer));
  });

/** Has the DO answer `received` on a socket whose closing handshake is already over; answers its state after. */
const answerOnClosedSocket = (stub: DurableObjectStub, received: CloseFrame) =>
  runInDurableObject(stub, async (instance: DurableObject) => {
    const { client, server, heard } = socketPair();
    const serverHeard = new Promise((resolve) => server.addEventListener('close', resolve));
    server.close(1000, 'done');
    client.close(1000, 'done');
    await Promise.all([heard, serverHeard]);
    await closeHandlerOf(instance)(server, received);
    return server.readyState;
  });

describe.each(durableObjects)('the %s answering a close', (_, stubOf) => {
  it.each([
    [1005, 'no code'],
    [1006, 'connection dropped'],
    [1015, 'TLS failure'],
  ])('answers %i (%s), which may never be sent, with 1000', async (code) => {
    expect(await answerTo(stubOf(), { code, reason: '' })).toMatchObject({ code: 1000 });
  });

  it("echoes a code and reason the client may send, such as the app's own 4000", async () => {
    expect(await answerTo(stubOf(), { code: 4000, reason: 'signed out' })).toEqual({
      code: 4000,
      reason: 'signed out',
    });
    expect(await answerTo(stubOf(), { code: 1001, reason: 'going away' })).toEqual({
      code: 1001,
      reason: 'going away',
    });
  });

  it('leaves a socket that is already closed alone', async () => {
    expect(await answerOnClosedSocket(stubOf(), { code: 1005, reason: '' })).toBe(WebSocket.CLOSED);
  });
});
