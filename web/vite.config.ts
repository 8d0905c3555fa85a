import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The console's build: a single-page app served by the local server under `/console/` (see
 * runtime/local/console-assets.ts). `scripts/build.js` runs it with `build.outDir` set to `dist/console`.
 * `npm run console:dev` serves it with hot reload and sends the API's paths to a Chorus on port 3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { sourcemap: true, chunkSizeWarningLimit: 1024, reportCompressedSize: false },
  server: {
    proxy: Object.fromEntries(
      [
        '/chats',
        '/runs',
        '/teams',
        '/tools',
        '/triggers',
        '/dead-letters',
        '/default-teams',
        '/events',
        '/prompts',
        '/anchors',
        '/replays',
        '/openapi.json',
        '/reference',
        '/console/session',
      ].map((path) => [path, { target: process.env.CHORUS_URL ?? 'http://127.0.0.1:3000' }]),
    ),
  },
})
