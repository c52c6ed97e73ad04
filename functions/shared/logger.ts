// Structured JSON logs with a correlation id. Callers pass ids and counts, never personal data.
import { AsyncLocalStorage } from 'node:async_hooks';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL?.toLowerCase() as Level) ?? 'info'] ?? order.info;
// Per invocation, not per process: the local stack runs many functions, and requests, in one process.
const context = new AsyncLocalStorage<Fields>();

/** Where lines go: stdout and stderr (CloudWatch in Lambda); the local stack's tests read them instead. */
export const logSink = {
  write(level: Level, line: string): void {
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  },
};

function write(level: Level, message: string, fields?: Fields): void {
  if (order[level] < threshold || process.env.LOG_LEVEL === 'silent') return;
  logSink.write(level, JSON.stringify({ level, time: new Date().toISOString(), message, ...context.getStore(), ...fields }));
}

/** The fields every line of this invocation carries (service, correlationId). */
export const logContext = (): Fields => context.getStore() ?? {};

export const logger = {
  /** Sets fields (service, correlationId) carried by every following line of this invocation. */
  setContext(fields: Fields): void {
    context.enterWith({ ...fields });
  },
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is a plain token of at most 128 characters, else ours: a header never writes what it likes into the logs. */
export function correlationIdOf(given: string | undefined, ours: string): string {
  return given !== undefined && CORRELATION_ID.test(given) ? given : ours;
}

/** What an error may show in a log: its class and message, never the input that caused it. */
export function describeError(error: unknown): Fields {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message.slice(0, 300) };
  return { errorName: typeof error };
}
