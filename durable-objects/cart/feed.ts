import type { CartState, CartView } from '../../src/domain/cart';
import type { CartViewer } from './outcome';

const viewerKey = (viewer: CartViewer) => `${viewer.channel}|${viewer.group ?? ''}`;

/** Close code for a socket whose token expired: policy violation (RFC 6455 7.4.1). */
export const TOKEN_EXPIRED_CLOSE = { code: 1008, reason: 'token expired' } as const;

/** At most this many open sockets per cart owner (devices, tabs); one more is refused with 429. */
export const MAX_SOCKETS_PER_CART = 10;

/** What each socket remembers across hibernation: who it prices for, and when its token expires (ms). */
interface SocketAttachment {
  viewer: CartViewer;
  expiresAt: number | null;
}

// Sockets accepted before expiry was remembered carry the bare viewer.
function attachmentOf(socket: WebSocket): SocketAttachment {
  const stored = socket.deserializeAttachment() as SocketAttachment | CartViewer;
  return 'viewer' in stored ? stored : { viewer: stored, expiresAt: null };
}

/**
 * The owner's open WebSockets (`GET /v1/cart/live`, hibernation API), each
 * remembering the channel and group it prices for and when its token expires.
 * After every change the cart is rendered once per distinct viewer and pushed
 * to every socket. A socket is closed with 1008 once its token has expired: it
 * is checked before every push and every message, and the DO alarm is kept no
 * later than the earliest expiry (armExpiry), so an idle hibernated feed is
 * woken to close it rather than kept awake by a timer.
 */
export class CartFeed {
  // Pushes are rendered concurrently; never send a socket an older cart than one it already got.
  private highestPushedVersion = -1;

  constructor(private readonly ctx: DurableObjectState) {}

  /** Whether another socket would go over MAX_SOCKETS_PER_CART (expired ones are closed first and do not count). */
  isFull(now: number): boolean {
    return this.closeExpired(now).length >= MAX_SOCKETS_PER_CART;
  }

  /** Accepts a socket for `viewer` and sends it the cart as it is now. */
  accept(viewer: CartViewer, expiresAt: number | null, current: CartView): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ viewer, expiresAt } satisfies SocketAttachment);
    server.send(JSON.stringify({ type: 'cart', cart: current }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Closes every socket whose token has expired by `now`; returns the sockets still open. */
  closeExpired(now: number): WebSocket[] {
    const open: WebSocket[] = [];
    for (const socket of this.ctx.getWebSockets()) {
      if (this.closeIfExpired(socket, now)) continue;
      open.push(socket);
    }
    return open;
  }

  /** Closes `socket` with 1008 if its token has expired; true if it did. */
  closeIfExpired(socket: WebSocket, now: number): boolean {
    const { expiresAt } = attachmentOf(socket);
    if (expiresAt === null || expiresAt > now) return false;
    try {
      socket.close(TOKEN_EXPIRED_CLOSE.code, TOKEN_EXPIRED_CLOSE.reason);
    } catch {
      // Already closing: nothing more to send.
    }
    return true;
  }

  /** Makes sure the alarm fires no later than the earliest open socket's expiry. */
  async armExpiry(): Promise<void> {
    const expiries = this.ctx
      .getWebSockets()
      .map((socket) => attachmentOf(socket).expiresAt)
      .filter((at): at is number => at !== null);
    if (expiries.length === 0) return;
    const earliest = Math.min(...expiries);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || earliest < current) await this.ctx.storage.setAlarm(earliest);
  }

  /** Renders `state` for the caller and for every socket's viewer, pushes it, and returns the caller's view. */
  async publish(
    state: CartState,
    caller: CartViewer,
    render: (viewer: CartViewer) => Promise<CartView>,
  ): Promise<CartView> {
    const sockets = this.closeExpired(Date.now());
    const viewers = new Map<string, CartViewer>([[viewerKey(caller), caller]]);
    for (const socket of sockets) {
      const { viewer } = attachmentOf(socket);
      viewers.set(viewerKey(viewer), viewer);
    }
    const views = new Map(
      await Promise.all([...viewers].map(async ([key, viewer]) => [key, await render(viewer)] as const)),
    );
    if (state.version > this.highestPushedVersion) {
      this.highestPushedVersion = state.version;
      for (const socket of sockets) {
        if (this.closeIfExpired(socket, Date.now())) continue;
        const view = views.get(viewerKey(attachmentOf(socket).viewer));
        socket.send(JSON.stringify({ type: 'cart', cart: view }));
      }
    }
    const own = views.get(viewerKey(caller));
    if (!own) throw new Error('the caller view was rendered above');
    return own;
  }
}
