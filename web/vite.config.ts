import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The dashboard builds into dist/web (beside the compiled server in dist/), so the package
 * carries it and `microcap serve` finds it at <package>/dist/web.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Vuetify's styles are one stylesheet; charts and pages are split per route.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/chart.js')) return 'chartjs';
          if (id.includes('node_modules/lightweight-charts')) return 'lightweight-charts';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev:web` proxies the API to a running `microcap serve` on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
