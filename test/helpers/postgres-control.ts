import { inject } from 'vitest';

async function control(action: 'stop' | 'start'): Promise<void> {
  const response = await fetch(`${inject('postgresControlUrl')}/${action}`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`could not ${action} Postgres: ${await response.text()}`);
}

/** Stops this test project's real Postgres server (outage tests only). */
export const stopPostgres = () => control('stop');
export const startPostgres = () => control('start');
