/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves the built page at /app/ (same origin, so no CORS); `npm run dev` proxies the API.
const apiPaths = [
  '/auth',
  '/me',
  '/cases',
  '/catalogue',
  '/calendar',
  '/fund',
  '/notices',
  '/care',
  '/special-disease',
  '/supervision',
  '/persons',
  '/policies',
  '/ledger',
];
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  resolve: {
    // ../domain imports `zod`: resolve it from web/node_modules, so the page does not depend on the
    // root install and the domain schemas share one zod instance (and its Chinese messages) with us.
    dedupe: ['zod'],
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: Object.fromEntries(apiPaths.map((p) => [p, apiTarget])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      // zod ships comments Rollup cannot place; harmless, and noise in every build.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
  },
});
