import type { CartState, CartView } from '../../src/domain/cart';
import type { CartViewer } from './outcome';

const viewerKey = (viewer: CartViewer) => `${viewer.channel}|${viewer.group ?? ''}`;

/**
 * The owner's open WebSockets (`GET /v1/cart/live`, hibernation API), each
 * remembering the channel and group it prices for. After every change the
 * cart is rendered once per distinct viewer and pushed to every socket.
 */
export class CartFeed {
  // Pushes are rendered concurrently; never send a socket an older cart than one it already got.
  private highestPushedVersion = -1;

  constructor(private readonly ctx: DurableObjectState) {}

  /** Accepts a socket for `viewer` and sends it the cart as it is now. */
  accept(viewer: CartViewer, current: CartView): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(viewer);
    server.send(JSON.stringify({ type: 'cart', cart: current }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Renders `state` for the caller and for every socket's viewer, pushes it, and returns the caller's view. */
  async publish(
    state: CartState,
    caller: CartViewer,
    render: (viewer: CartViewer) => Promise<CartView>,
  ): Promise<CartView> {
    const sockets = this.ctx.getWebSockets();
    const viewers = new Map<string, CartViewer>([[viewerKey(caller), caller]]);
    for (const socket of sockets) {
      const viewer = socket.deserializeAttachment() as CartViewer;
      viewers.set(viewerKey(viewer), viewer);
    }
    const views = new Map(
      await Promise.all([...viewers].map(async ([key, viewer]) => [key, await render(viewer)] as const)),
    );
    if (state.version > this.highestPushedVersion) {
      this.highestPushedVersion = state.version;
      for (const socket of sockets) {
        const view = views.get(viewerKey(socket.deserializeAttachment() as CartViewer));
        socket.send(JSON.stringify({ type: 'cart', cart: view }));
      }
    }
    const own = views.get(viewerKey(caller));
    if (!own) throw new Error('the caller view was rendered above');
    return own;
  }
}
