// Structured JSON logs (pino) on stderr, so stdout stays clean for the CLI's JSONL and the console.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** For tests and batch tools that want no log output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
