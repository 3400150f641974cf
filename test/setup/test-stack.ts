import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../scripts/lib/migrate';
import { removeLocalPostgresData, startLocalPostgres, type LocalPostgres } from '../../scripts/lib/postgres';
import { freePort } from '../../scripts/lib/process';
import { startWsRelay, type WsRelay } from '../../scripts/lib/ws-relay';
import { startCardGatewayStub } from './card-gateway-stub';
import { startWebhookReceiver } from './webhook-receiver';

/**
 * Starts the outside parts of the real stack for one test project: a
 * throwaway PostgreSQL 17 on a free port, migrated, the WebSocket relay the
 * Neon driver uses to reach it from inside workerd, and a loopback control
 * server (`POST /stop`, `POST /start`) so outage tests can stop the real
 * server, or make it hang (`POST /hang`: stopped, and its port accepts
 * connections that never answer, like a server that is up but stuck); it also serves a JWKS, as an identity provider would. Everything is
 * torn down when the run ends.
 */
export async function startTestStack(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  let relay: WsRelay | undefined;
  try {
    relay = await startWsRelay({ port: await freePort(), allowedTarget: `127.0.0.1:${postgres.port}` });
    await applyMigrations({ url: postgres.url, wsProxy: relay.address });
  } catch (error) {
    await relay?.close();
    await postgres.stop();
    postgres.remove();
    throw error;
  }
  const identityProvider = await generateIdentityProviderKey();
  // Idempotent, so a test's cleanup can always ask for a running server.
  let running = true;
  let hung: Awaited<ReturnType<typeof hangPort>> | undefined;
  const stop = async () => {
    if (running) await postgres.stop();
    running = false;
  };
  const control = await startControlServer(
    {
      stop,
      hang: async () => {
        await stop();
        hung ??= await hangPort(postgres.port);
      },
      start: async () => {
        await hung?.close();
        hung = undefined;
        if (!running) await postgres.start();
        running = true;
      },
    },
    identityProvider.jwks,
  );
  const cardGateway = await startCardGatewayStub();
  const webhookReceiver = await startWebhookReceiver();

  project.provide('databaseUrl', postgres.url);
  project.provide('dbWsProxy', relay.address);
  project.provide('postgresControlUrl', control.url);
  project.provide('jwksUrl', `${control.url}/.well-known/jwks.json`);
  project.provide('jwksPrivateKey', JSON.stringify(identityProvider.privateJwk));
  project.provide('cardGatewayUrl', cardGateway.url);
  project.provide('cardGatewaySecret', cardGateway.secretKey);
  project.provide('webhookReceiverUrl', webhookReceiver.url);

  return async () => {
    await cardGateway.close();
    await webhookReceiver.close();
    await control.close();
    await hung?.close();
    await relay.close();
    if (running) await postgres.stop();
    postgres.remove();
  };
}

/**
 * The suite's throwaway PostgreSQL 17: a fresh cluster in the temp directory
 * on a free port. `remove()` deletes its files once it is stopped.
 */
export async function startTestPostgres(): Promise<LocalPostgres & { remove(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-test-pg-'));
  const remove = () => removeLocalPostgresData(dataDir);
  try {
    // persistent: a non-persistent cluster deletes its data on stop(), and outage tests restart it.
    const postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: true });
    return { ...postgres, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

async function generateIdentityProviderKey() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-idp-1', alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: 'test-idp-1', alg: 'RS256' };
  return { jwks: JSON.stringify({ keys: [publicJwk] }), privateJwk };
}

/** Listens on `port`, accepting every connection and never answering it. */
async function hangPort(port: number) {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function startControlServer(actions: Record<'stop' | 'start' | 'hang', () => Promise<void>>, jwks: string) {
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      return;
    }
    const action = request.method === 'POST' ? request.url?.slice(1) : undefined;
    if (action !== 'stop' && action !== 'start' && action !== 'hang') {
      response.writeHead(404).end();
      return;
    }
    actions[action]().then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
