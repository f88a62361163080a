import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // NEXT_DIST_DIR: a separate build folder, so a benchmark's build (with its own baked-in
  // NEXT_PUBLIC_* values) never replaces the one `npm run dev` or the e2e suite uses.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // devstack is a sibling package reached only over HTTP; keep it out of the bundle graph.
  outputFileTracingExcludes: { '*': ['devstack/**', '.devstack/**'] },
  // No Node Buffer polyfill in the browser (issue "App I", ADR 0011): see lib/browser-buffer.ts.
  turbopack: {
    resolveAlias: {
      // The polyfill Next injects for a free `Buffer` in browser code.
      'next/dist/compiled/buffer': { browser: './lib/browser-buffer.ts' },
    },
  },
};

export default nextConfig;
