import { build } from 'vite';

/** The browser apps' build (docs/apps.md); it writes apps/dist, which wrangler.toml's `[assets]` serves. */
const APPS_CONFIG = 'apps/vite.config.ts';

/** Builds the apps once: wrangler needs the assets directory before it starts or bundles. */
export async function buildApps(): Promise<void> {
  await build({ configFile: APPS_CONFIG });
}

export interface AppsWatcher {
  close(): Promise<void>;
}

/**
 * Builds the apps, then rebuilds them on every change (wrangler dev serves the new files on the next
 * request). Resolves after the first build; a failed rebuild is reported and the watch goes on.
 */
export async function watchApps(): Promise<AppsWatcher> {
  const watcher = await build({ configFile: APPS_CONFIG, build: { watch: {} } });
  if (!('on' in watcher)) throw new Error(`${APPS_CONFIG} did not start watching`);
  await new Promise<void>((resolve, reject) => {
    let first = true;
    watcher.on('event', (event) => {
      if (event.code === 'BUNDLE_END' || event.code === 'ERROR') void event.result.close();
      if (event.code === 'ERROR') {
        if (first) reject(event.error);
        else console.error(`the apps did not rebuild: ${event.error.message}`);
      }
      if (event.code === 'END') {
        if (!first) console.log('apps rebuilt');
        first = false;
        resolve();
      }
    });
  });
  return watcher;
}
