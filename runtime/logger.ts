// Structured JSON logging shared by every process, with secrets and PII redacted at the source.
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that must never reach a log line. Request headers carry tokens and
 * API keys; variables and profile-shaped objects carry PII.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  'apiKey',
  'token',
  'password',
  'variables',
  '*.email',
  '*.phone',
  '*.birthDate',
  '*.address',
];

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { service: name },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
