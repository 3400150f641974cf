import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { WebSocketServer, createWebSocketStream } from 'ws';

export interface WsRelay {
  /** Value for the Worker's DB_WS_PROXY setting: `host:port`, no scheme. */
  address: string;
  close(): Promise<void>;
}

/**
 * The WebSocket-to-TCP relay that Neon runs in front of its Postgres, in a few
 * lines: it lets `@neondatabase/serverless` inside workerd reach a local
 * Postgres exactly as it reaches Neon. It only ever connects to `allowedTarget`
 * so it cannot be used to reach anything else on the machine.
 */
export async function startWsRelay(options: { port: number; allowedTarget: string }): Promise<WsRelay> {
  const http: Server = createServer((_, res) => res.writeHead(426).end('WebSocket only'));
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket, request) => {
    const target = new URL(request.url ?? '/', 'ws://relay').searchParams.get('address');
    if (target !== options.allowedTarget) {
      socket.close(1008, 'target not allowed');
      return;
    }
    const [host, port] = target.split(':');
    const tcp = connect(Number(port), host);
    // Each WebSocket message is one protocol message of a query; Nagle's algorithm would
    // hold the next one back until Postgres acknowledges the first, which it delays.
    tcp.setNoDelay(true);
    const ws = createWebSocketStream(socket);
    ws.on('error', () => tcp.destroy());
    tcp.on('error', () => ws.destroy());
    ws.pipe(tcp).pipe(ws);
  });
  await new Promise<void>((resolve) => http.listen(options.port, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${options.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
