import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./src-renderer', import.meta.url));

// The renderer is built to static files: the kiosk screens (index.html), served by the kiosk
// core on 127.0.0.1, and the officials' console (console/index.html), served by the key
// server. No CDN, no remote font: both work offline.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      input: {
        kiosk: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)),
        console: fileURLToPath(new URL('./src-renderer/console/index.html', import.meta.url)),
      },
    },
  },
  server: { port: 5173, strictPort: true },
});
