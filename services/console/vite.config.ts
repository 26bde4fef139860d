import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

// Element Plus components (and their CSS) are imported where a template uses them; ECharts modules are
// imported per chart (src/components/charts.ts). Pages are split by route (src/router.ts).
export default defineConfig({
  base: '/',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline polyfill script: the Content-Security-Policy allows scripts from the same origin only.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
    reportCompressedSize: false,
  },
});
