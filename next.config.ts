import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // devstack is a sibling package reached only over HTTP; keep it out of the bundle graph.
  outputFileTracingExcludes: { '*': ['devstack/**', '.devstack/**'] },
};

export default nextConfig;
