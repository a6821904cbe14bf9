import { defineConfig } from 'vitest/config';

// One runner, several projects. `npm test` runs them all; CI=true makes missing
// system dependencies (Chromium, SoftHSM2, python3-securesystemslib) fail instead of skip.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'renderer', include: ['test/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom' } },
      { extends: true, test: { name: 'config', include: ['test/config/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'interop', include: ['test/interop/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'hsm', include: ['test/hsm/**/*.test.ts'], environment: 'node', fileParallelism: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', fileParallelism: false } },
    ],
  },
});
