import { pino } from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout; one base logger per process, children per job. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'worker' }, timestamp: pino.stdTimeFunctions.isoTime });
}
