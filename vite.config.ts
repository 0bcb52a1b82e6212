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
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/assets': 'http://localhost:8080' },
  },
});
