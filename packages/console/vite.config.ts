// The console's build: a single-page app served by the gateway under /console/ (see
// services/gateway/src/entry-points/http/routes/console.ts). Everything it needs is bundled into
// dist/: no CDN, no web fonts, so that it works offline.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  base: "/console/",
  plugins: [react()],
  resolve: {
    // Workspace packages (the SDK) are bundled from their TypeScript sources, as Jest runs them.
    conditions: ["@cubicle/source", "module", "browser", "development|production"],
  },
  build: {
    outDir: "dist",
    // Hashed files under /console/assets are cached for a year; index.html is revalidated.
    assetsDir: "assets",
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries apart from the app: a new build of the app alone leaves them cached.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `pnpm --filter @cubicle/console dev`: the API of a gateway started by `npm start` (or the one
    // at CUBICLE_GATEWAY_URL). Every path outside /console/ goes to that gateway.
    proxy: { "^/(?!console(/|$))": process.env.CUBICLE_GATEWAY_URL ?? "http://127.0.0.1:3000" },
  },
});
