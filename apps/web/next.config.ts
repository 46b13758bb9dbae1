import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@zomma/contracts', '@zomma/db', '@zomma/engine'],
  // Node-only libraries loaded at runtime instead of bundled (native bits, workers, dynamic requires).
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    '@prisma/client',
    'bullmq',
    'ioredis',
    'pino',
    'prom-client',
    'bcryptjs',
  ],
};

export default config;
