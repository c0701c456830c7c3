import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  // The API runs beside the dev server (npm start); the landing page is asked for as /?f=json.
  server: { proxy: { '^/(collections|conformance|api|\\?f=json)': 'http://127.0.0.1:3000' } },
});
