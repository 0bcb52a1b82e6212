import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser app lives in client/; the server serves dist/client.
export default defineConfig({
  root: 'client',
  publicDir: false,
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Hashed build output lives under /_app/ (cached forever); /assets/ serves the repo's assets/.
    assetsDir: '_app',
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
    // Two pages: the town hall (index.html) and the admin console (console.html, served at /console).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./client/index.html', import.meta.url)),
        console: fileURLToPath(new URL('./client/console.html', import.meta.url)),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/assets': 'http://localhost:8080' },
  },
});
