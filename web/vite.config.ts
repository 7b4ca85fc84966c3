/**
 * The dashboard build: `npm run build:web` (or `learnloop serve`, which builds when the sources are
 * newer than `web/dist`). In development, `npx vite --config web/vite.config.ts` serves the pages with
 * hot reload and forwards the API to a running `learnloop serve` on :8080.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.LEARNLOOP_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/v1': api } },
});
