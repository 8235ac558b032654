// Builds the explorer (GraphiQL with the example operations) into dist/explorer, served at /graphiql by the kit.
// Every asset is bundled from node_modules: the page fetches nothing but its own files and the service's /graphql.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  // Relative URLs: the same files serve /graphiql/ on the gateway and on every subgraph.
  base: './',
  logLevel: 'warn',
  build: {
    outDir: path.join(here, '..', 'dist', 'explorer'),
    emptyOutDir: true,
    // Monaco is large by nature; one warning per build would say nothing new.
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    rollupOptions: {
      // React libraries mark modules "use client", which means nothing in a static bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
