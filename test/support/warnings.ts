/** Runs `run` with console warnings captured instead of printed: its value and the warnings it gave. */
export function quietly<T>(run: () => T): { value: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { value: run(), warnings };
  } finally {
    console.warn = original;
  }
}
