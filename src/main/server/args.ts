/**
 * Command-line and environment options of the browser-mode host. Flags win over KESTREL_* variables, which win
 * over defaults. Errors are messages for a human, thrown as UsageError.
 */
import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  token: string | null;
  seed: number;
  speed: number;
  /** Start instant, epoch ms, or null for the default rule. */
  start: number | null;
  logLevel: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run serve -- [options]

  --port N         port on the host (default 5173; 0 picks a free one)       KESTREL_PORT
  --host H         address to bind (default 127.0.0.1)                      KESTREL_HOST
  --data-dir DIR   where the database and logs live (default ~/.kestrel)    KESTREL_DATA_DIR
  --token T        access token (default: a new random one per start)      KESTREL_TOKEN
  --seed N         simulator seed (default 42)                              KESTREL_SEED
  --speed X        simulated seconds per second (default 1)                 KESTREL_SPEED
  --start ISO      start instant, ISO-8601 (default: now, or the latest session start)  KESTREL_START
  --log-level L    pino level (default info)                                KESTREL_LOG_LEVEL
  --help           this text`;

export function defaultDataDir(): string {
  return join(homedir(), '.kestrel');
}

export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        start: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const pick = (flag: string | undefined, name: string): string | undefined => flag ?? env[name] ?? undefined;

  const port = int(pick(v.port, 'KESTREL_PORT') ?? '5173', 'port', 0, 65535);
  const seed = int(pick(v.seed, 'KESTREL_SEED') ?? '42', 'seed', 0, 2 ** 31 - 1);
  const speedRaw = pick(v.speed, 'KESTREL_SPEED') ?? '1';
  const speed = Number(speedRaw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) throw new UsageError(`--speed must be a number in (0, 3600], got "${speedRaw}"`);
  const startRaw = pick(v.start, 'KESTREL_START');
  let start: number | null = null;
  if (startRaw !== undefined) {
    start = Date.parse(startRaw);
    if (!Number.isFinite(start) || !/^\d{4}-\d{2}-\d{2}/.test(startRaw)) {
      throw new UsageError(`--start must be an ISO-8601 instant such as 2026-11-20T09:30:00-05:00, got "${startRaw}"`);
    }
  }
  const token = pick(v.token, 'KESTREL_TOKEN') ?? null;
  if (token !== null && !/^[A-Za-z0-9._~-]{8,256}$/.test(token)) {
    throw new UsageError('--token must be 8–256 characters of A–Z, a–z, 0–9, ".", "_", "~" or "-"');
  }
  return {
    port,
    host: pick(v.host, 'KESTREL_HOST') ?? '127.0.0.1',
    dataDir: resolve(pick(v['data-dir'], 'KESTREL_DATA_DIR') ?? defaultDataDir()),
    token,
    seed,
    speed,
    start,
    logLevel: pick(v['log-level'], 'KESTREL_LOG_LEVEL') ?? 'info',
  };
}

function int(raw: string, name: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
