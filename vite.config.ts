import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./client/${name}`, import.meta.url));

export default defineConfig({
  root: 'client',
  // client/public/ holds the public map's sources, not files to copy as they are.
  publicDir: false,
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two pages: the staff one-map, and the small public map served at /public.
    rolldownOptions: { input: { index: page('index.html'), public: page('public.html') } },
  },
  // The API runs beside the dev server (npm start); the landing page is asked for as /?f=json.
  server: {
    proxy: {
      '^/(collections|conformance|api|analysis|import|exports|tiles|publications|auth|users|audit|\\?f=json)':
        'http://127.0.0.1:3000',
    },
  },
});
