import { exports } from 'cloudflare:workers';

export interface CloseFrame {
  code: number;
  reason: string;
}

export interface OpenSocket {
  messages: unknown[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor<T>(matches: (message: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Resolves with the close frame the server sent, once it arrives. */
  closed(timeoutMs?: number): Promise<CloseFrame>;
  /** Sends a message to the server. */
  send(data: string): void;
  close(): void;
  /** Closes without a code, as a browser's `socket.close()` does: the server receives 1005. */
  hangUp(): void;
}

/** Opens a WebSocket on the Worker under test, as a device would. */
export async function openSocket(path: string, headers: Record<string, string> = {}): Promise<OpenSocket> {
  const response = await exports.default.fetch(`https://aisle.test${path}`, {
    headers: { upgrade: 'websocket', ...headers },
  });
  const socket = response.webSocket;
  if (!socket) throw new Error(`no WebSocket: ${response.status} ${await response.text()}`);
  socket.accept();
  const messages: unknown[] = [];
  let closeFrame: CloseFrame | undefined;
  const waiters: (() => void)[] = [];
  const wakeAll = () => waiters.splice(0).forEach((wake) => wake());
  socket.addEventListener('message', (event) => {
    messages.push(typeof event.data === 'string' && event.data.startsWith('{') ? JSON.parse(event.data) : event.data);
    wakeAll();
  });
  socket.addEventListener('close', (event) => {
    closeFrame = { code: event.code, reason: event.reason };
    wakeAll();
  });

  /** Resolves with what `find` finds, checking again whenever the socket hears something. */
  async function until<T>(find: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`${what()} within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, remaining);
      });
    }
  }

  return {
    messages,
    waitFor: <T>(matches: (message: T) => boolean, timeoutMs = 5000) =>
      until(
        () => (messages as T[]).find(matches),
        timeoutMs,
        () => 'no matching message',
      ),
    closed: (timeoutMs = 5000) =>
      until(
        () => closeFrame,
        timeoutMs,
        () => 'the server did not answer the close',
      ),
    send: (data: string) => socket.send(data),
    close: () => socket.close(1000, 'test done'),
    hangUp: () => socket.close(),
  };
}
