/**
 * A setting's value as text when it is text or a plain value (`2`, `true`); undefined for objects, arrays and
 * functions, whose `String()` (`[object Object]`) would pass for a setting.
 */
export function settingText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/** `cookieDays` -> `cookie-days`: an option or `dataset` key as the attribute it stands for. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
