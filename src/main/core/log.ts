/**
 * Structured logs (pino) into the data directory. No transports: they run worker threads, which a bundled
 * Electron main process and a short-lived test cannot rely on.
 */
import pino from 'pino';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Logger = pino.Logger;

export interface LoggerHandle {
  log: Logger;
  /** Flushes and closes the log file. */
  close(): void;
}

export function createLogger(dataDir: string, level = 'info'): LoggerHandle {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  // Synchronous writes: log lines are rare (info level) and a crash must not lose the last ones.
  const destination = pino.destination({ dest: join(dir, 'kestrel.log'), sync: true });
  const log = pino({ level, base: { app: 'kestrel' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return {
    log,
    close() {
      // A late line (a job finishing during shutdown) must be dropped, not written to a closed stream.
      log.level = 'silent';
      try {
        destination.flushSync();
      } catch {
        // The stream may not be ready yet when the engine stops during start; nothing to flush then.
      }
      destination.end();
    },
  };
}

/** A logger that discards everything (unit tests of single modules). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
