import { exports } from 'cloudflare:workers';

export interface OpenSocket {
  messages: unknown[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor<T>(matches: (message: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
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
  const waiters: (() => void)[] = [];
  socket.addEventListener('message', (event) => {
    messages.push(typeof event.data === 'string' && event.data.startsWith('{') ? JSON.parse(event.data) : event.data);
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    messages,
    async waitFor<T>(matches: (message: T) => boolean, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (messages as T[]).find(matches);
        if (found !== undefined) return found;
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, remaining);
        });
      }
    },
    close: () => socket.close(1000, 'test done'),
  };
}
