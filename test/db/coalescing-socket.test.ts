import { describe, expect, it } from 'vitest';
import { coalescingWebSocket } from '../../src/db/client';

/**
 * Stands in for the runtime's WebSocket (what the coalescing socket extends):
 * records each message sent, as the proxy would receive it. Every Postgres
 * test of the suite goes through the real one.
 */
class RecordingSocket {
  static last: RecordingSocket | undefined;
  readonly sent: (number[] | string)[] = [];
  closed = false;
  failing = false;

  constructor(readonly url: string) {
    RecordingSocket.last = this;
  }

  send(data: string | Uint8Array): void {
    if (this.failing) throw new Error('the socket is gone');
    this.sent.push(typeof data === 'string' ? data : [...data]);
  }

  close(): void {
    this.closed = true;
  }
}

function openSocket() {
  const Socket = coalescingWebSocket(RecordingSocket as unknown as typeof WebSocket);
  const socket = new Socket('ws://relay.test/v1?address=db:5432');
  return { socket, recorded: RecordingSocket.last! };
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the Postgres driver's WebSocket", () => {
  it('sends what one turn wrote as one message, in order, before the next turn', async () => {
    const { socket, recorded } = openSocket();
    // Parse, Bind and Sync of one query, as the driver writes them.
    socket.send(new Uint8Array([1, 2]));
    socket.send(new Uint8Array([3]));
    socket.send(new Uint8Array([4, 5, 6]).subarray(1));
    expect(recorded.sent).toEqual([]);
    await nextTurn();
    expect(recorded.sent).toEqual([[1, 2, 3, 5, 6]]);

    socket.send(new Uint8Array([7]));
    await nextTurn();
    expect(recorded.sent).toEqual([[1, 2, 3, 5, 6], [7]]);
  });

  it('sends what is queued before closing, and before a text message', async () => {
    const { socket, recorded } = openSocket();
    socket.send(new Uint8Array([1]));
    socket.send('text');
    socket.send(new Uint8Array([2]));
    socket.close();
    expect(recorded.sent).toEqual([[1], 'text', [2]]);
    expect(recorded.closed).toBe(true);
    await nextTurn();
    expect(recorded.sent).toHaveLength(3);
  });

  it('closes a socket that can no longer send, so the waiting query fails', async () => {
    const { socket, recorded } = openSocket();
    recorded.failing = true;
    socket.send(new Uint8Array([1]));
    await nextTurn();
    expect(recorded.closed).toBe(true);
  });
});
