import { DEV_AUTH_SECRET, signDevToken } from './lib/dev-token';
import { seedDemoData } from './lib/seed';

// Seeds a running API (npm run dev seeds on its own; this is for re-seeding or another deployment).
const baseUrl = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const token =
  process.env.OPS_TOKEN ??
  (await signDevToken({ role: 'ops', sub: 'seed' }, process.env.AUTH_SECRET ?? DEV_AUTH_SECRET));
const counts = await seedDemoData(baseUrl, token);
console.log(`seeded ${counts.products} products and ${counts.locations} locations into ${baseUrl}`);
