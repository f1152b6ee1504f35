/**
 * The library's one voice in the console: every message starts with `[consent-banner]`, so a site owner can
 * filter for it. Warnings name the setting or value as the caller wrote it and say what was used instead.
 */
const PREFIX = '[consent-banner]';

export function warn(message: string): void {
  console.warn(`${PREFIX} ${message}`);
}

export function info(message: string): void {
  console.info(`${PREFIX} ${message}`);
}

export function error(message: string, cause?: unknown): void {
  if (cause === undefined) console.error(`${PREFIX} ${message}`);
  else console.error(`${PREFIX} ${message}`, cause);
}

/** A value as it reads in a warning: strings quoted, objects as JSON, never `[object Object]`. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
