import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from '../../scripts/lib/process';
import { readBody } from './read-body';
import type { ScriptedAnswer } from './webhook-script';

/**
 * Webhook receivers for the tests: a real HTTP server outside workerd, so
 * Aisle's deliveries cross a real network hop. A test opens an inbox with a
 * script of answers (`POST /inboxes` `{ answers }`), points an endpoint at
 * the inbox's URL, and reads what arrived (`GET /inboxes/{id}`). The n-th
 * request of a `webhook-id` gets the n-th answer (the last one repeats), so
 * other tests' events reaching the same endpoint do not use up the script:
 *   { status, headers?, body? }   an ordinary answer
 *   { hang: true }                never answers (the 10 s timeout)
 *   { status, hugeBody: true }    answers, then streams a body without end
 */

interface Received {
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

interface Inbox {
  answers: ScriptedAnswer[];
  received: Received[];
}

export async function startWebhookReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const inboxes = new Map<string, Inbox>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => route(inboxes, request, body, response))
      .catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function route(inboxes: Map<string, Inbox>, request: IncomingMessage, body: string, response: ServerResponse) {
  const path = request.url ?? '/';
  if (request.method === 'POST' && path === '/inboxes') {
    const id = randomUUID();
    const { answers } = JSON.parse(body) as { answers: ScriptedAnswer[] };
    inboxes.set(id, { answers, received: [] });
    return json(response, 201, { id, url: `http://127.0.0.1:${(request.socket.localPort ?? 0).toString()}/in/${id}` });
  }
  const read = /^\/inboxes\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && read?.[1]) {
    const inbox = inboxes.get(read[1]);
    return inbox ? json(response, 200, { received: inbox.received }) : json(response, 404, {});
  }
  const delivery = /^\/in\/([^/]+)$/.exec(path);
  const inbox = delivery?.[1] ? inboxes.get(delivery[1]) : undefined;
  if (request.method !== 'POST' || !inbox) return json(response, 404, {});
  const headers = flatHeaders(request);
  const earlier = inbox.received.filter((seen) => seen.headers['webhook-id'] === headers['webhook-id']).length;
  const answer = inbox.answers[Math.min(earlier, inbox.answers.length - 1)] ?? { status: 200 };
  inbox.received.push({ headers, body, receivedAt: Date.now() });
  answerWith(response, answer);
}

function answerWith(response: ServerResponse, answer: ScriptedAnswer) {
  if (answer.hang) return;
  response.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers });
  if (!answer.hugeBody) return void response.end(answer.body ?? 'ok');
  // Writes 64 KiB chunks until the client goes away.
  const chunk = 'x'.repeat(65_536);
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

function flatHeaders(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
}
