/**
 * `npm run serve`: the engine in plain Node, served to a browser. Prints one line with the URL and token, and
 * closes cleanly (WAL checkpoint) on SIGINT or SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, DatabaseFromFutureError } from '../core';
import { isLoopback, parseServeArgs, UsageError, USAGE } from './args';
import { startHttpServer } from './http-server';

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`kestrel: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  if (!isLoopback(options.host)) {
    console.warn(`WARNING: listening on ${options.host}: anyone who can reach this address and has the token can trade on this desk.`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const engine = createEngine({
    host: 'server',
    dataDir: options.dataDir,
    seed: options.seed,
    speed: options.speed,
    ...(options.start !== null ? { start: options.start } : {}),
    logLevel: options.logLevel,
    historyWorkerScript: join(__dirname, 'history-worker.js'),
    onProgress(stage, p) {
      if (p.done === p.total || p.done % 500 === 0) process.stderr.write(`kestrel: loading ${stage} ${p.done}/${p.total}\n`);
    },
  });
  // Bind the port first: a port in use fails at once, not after the history has loaded. Until the engine is
  // running, /health answers 503 and WebSocket upgrades are refused with 503.
  const staticDir = join(__dirname, '../renderer');
  let server;
  try {
    server = await startHttpServer({
      engine,
      host: options.host,
      port: options.port,
      token,
      staticDir: existsSync(join(staticDir, 'index.html')) ? staticDir : null,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `kestrel: port ${options.port} on ${options.host} is in use; pick another with --port.` : `kestrel: cannot listen: ${String(error)}`);
    await engine.stop();
    process.exit(4);
  }
  try {
    await engine.start();
  } catch (error) {
    await server.close();
    await engine.stop();
    if (error instanceof DatabaseFromFutureError) {
      console.error(`kestrel: ${error.message}`);
      process.exit(3);
    }
    throw error;
  }
  console.log(`Kestrel listening on ${server.url}?token=${token}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    engine.log.info({ signal }, 'shutting down');
    void (async () => {
      await server.close();
      await engine.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('kestrel: failed to start:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
