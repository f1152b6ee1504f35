type ConsoleMethod = 'warn' | 'info' | 'error';
type Captured<T> = { value: T; messages: string[] };

/** A console message as one line: its arguments joined by spaces. */
const line = (args: unknown[]): string => args.map(String).join(' ');

/**
 * Runs `run` with `console[method]` captured instead of printed: its value and the messages (each message's
 * arguments joined by spaces). `run` may be async: the console is restored once its promise settles.
 * `target`: another window's console, such as a fixture frame's, where that page's copy of the library writes.
 */
export function captureConsole<T>(method: ConsoleMethod, run: () => Promise<T>, target?: Console): Promise<Captured<T>>;
export function captureConsole<T>(method: ConsoleMethod, run: () => T, target?: Console): Captured<T>;
export function captureConsole(
  method: ConsoleMethod,
  run: () => unknown,
  target: Console = console,
): Captured<unknown> | Promise<Captured<unknown>> {
  const messages: string[] = [];
  const original = target[method];
  target[method] = (...args: unknown[]) => messages.push(line(args));
  const restore = (): void => {
    target[method] = original;
  };
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    restore();
    throw error;
  }
  if (value instanceof Promise) return value.then((settled: unknown) => ({ value: settled, messages })).finally(restore);
  restore();
  return { value, messages };
}

/** Runs `run` with console warnings captured instead of printed: its value and the warnings it gave. */
export function quietly<T>(run: () => Promise<T>): Promise<{ value: T; warnings: string[] }>;
export function quietly<T>(run: () => T): { value: T; warnings: string[] };
export function quietly(
  run: () => unknown,
): { value: unknown; warnings: string[] } | Promise<{ value: unknown; warnings: string[] }> {
  // `run` may return a promise; the overloads cannot tell from `() => unknown`.
  const captured = captureConsole('warn', run) as Captured<unknown> | Promise<Captured<unknown>>;
  if (captured instanceof Promise) return captured.then(({ value, messages }) => ({ value, warnings: messages }));
  return { value: captured.value, warnings: captured.messages };
}

/** From now on, for the life of the page, keeps every message of `console[method]` in `into`, and still prints it. */
export function recordConsole(method: ConsoleMethod, into: string[], target: Console = console): void {
  const original = target[method].bind(target);
  target[method] = (...args: unknown[]) => {
    into.push(line(args));
    original(...args);
  };
}
