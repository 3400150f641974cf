import { defineConfig } from 'vitest/config';

// Micro-benchmarks of pure domain code (no Workers runtime needed): npm run bench:pricing
export default defineConfig({
  test: { benchmark: { include: ['test/bench/**/*.bench.ts'] } },
});
