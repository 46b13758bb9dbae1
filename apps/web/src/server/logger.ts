import pino from 'pino';
import { getEnv } from '../env.ts';

export type Logger = pino.Logger;

let root: Logger | undefined;

/** JSON logs on stdout; one root logger per process, children per concern. */
export function getLogger(): Logger {
  if (!root) {
    root = pino({
      name: 'zomma-web',
      level: getEnv().LOG_LEVEL,
      base: { service: 'web' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['password', '*.password', 'passwordHash', '*.passwordHash'],
    });
  }
  return root;
}
