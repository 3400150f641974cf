import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../scripts/lib/migrate';
import { startLocalPostgres } from '../../scripts/lib/postgres';
import { freePort } from '../../scripts/lib/process';
import { startWsRelay } from '../../scripts/lib/ws-relay';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    dbWsProxy: string;
  }
}

/**
 * Starts the real stack's outside parts for the suite: a throwaway PostgreSQL
 * 17 on a free port, migrated, and the WebSocket relay the Neon driver uses to
 * reach it from inside workerd. Everything is torn down when the run ends.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-test-pg-'));
  const postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  const relay = await startWsRelay({ port: await freePort(), allowedTarget: `127.0.0.1:${postgres.port}` });
  await applyMigrations({ url: postgres.url, wsProxy: relay.address });

  project.provide('databaseUrl', postgres.url);
  project.provide('dbWsProxy', relay.address);

  return async () => {
    await relay.close();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
