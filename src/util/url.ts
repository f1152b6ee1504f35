/**
 * `value` as an http(s) URL, resolved against `base`; undefined when it is no URL or has another scheme
 * (`javascript:`, `data:`), so that it can be used as a link or an endpoint without further checks.
 */
export function httpUrl(value: string, base?: string): URL | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
