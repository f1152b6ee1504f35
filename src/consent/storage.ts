import Cookies from 'js-cookie';

/** Where cookies of the consent manager go: same path, SameSite and domain for every write and delete. */
export interface CookieScope {
  /** Parent domain, or undefined for a host-only cookie. */
  domain: string | undefined;
  /** Secure flag: on for https pages. */
  secure: boolean;
}

/** A cookie jar that never throws: sandboxed frames throw on `document.cookie`, and that is not our caller's problem. */
export interface SafeCookies {
  get(name: string): string | undefined;
  /** Writes and reads back; false when the browser refused the cookie. `days` undefined: a session cookie. */
  set(name: string, value: string, days?: number): boolean;
  remove(name: string): void;
}

export function safeCookies(scope: CookieScope): SafeCookies {
  const jar = Cookies.withAttributes({
    path: '/',
    sameSite: 'Lax',
    secure: scope.secure,
    ...(scope.domain ? { domain: scope.domain } : {}),
  });
  const get = (name: string): string | undefined => {
    try {
      return jar.get(name);
    } catch {
      return undefined;
    }
  };
  return {
    get,
    set(name, value, days) {
      try {
        jar.set(name, value, days === undefined ? {} : { expires: days });
      } catch {
        return false;
      }
      return get(name) === value;
    },
    remove(name) {
      try {
        jar.remove(name);
      } catch {
        // Nothing was stored, so nothing is left behind.
      }
    },
  };
}

/** The stored decision. When the cookie cannot be written it lives in memory for this page. */
export interface ConsentStore {
  read(): string | undefined;
  /** Stores `value` for `days`. */
  write(value: string, days: number): void;
  clear(): void;
  /** False once a write did not stick (cookies disabled or blocked): the decision lasts this page only. */
  readonly persistent: boolean;
  /**
   * Calls `listener` (in a microtask) when a read finds a value that this page did not write: a decision
   * made in another tab or on another subdomain. Returns a function that stops it.
   */
  watch(listener: (value: string | undefined) => void): () => void;
}

export function createConsentStore(name: string, cookies: SafeCookies): ConsentStore {
  let inMemory: string | undefined;
  let persistent = true;
  /** The value this page last read or wrote; `null` before the first read. */
  let lastSeen: string | undefined | null = null;
  const listeners = new Set<(value: string | undefined) => void>();
  const seen = (value: string | undefined): void => {
    const changed = lastSeen !== null && value !== lastSeen;
    lastSeen = value;
    // Told a moment later; by then this page may have written a newer value, and that one stands.
    if (changed) queueMicrotask(() => lastSeen === value && listeners.forEach((listener) => listener(value)));
  };
  return {
    get persistent() {
      return persistent;
    },
    read() {
      const value = persistent ? cookies.get(name) : inMemory;
      seen(value);
      return value;
    },
    write(value, days) {
      inMemory = value;
      persistent = cookies.set(name, value, days);
      lastSeen = value;
    },
    clear() {
      inMemory = undefined;
      cookies.remove(name);
      lastSeen = undefined;
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Web storage access that never throws (it throws in some privacy modes and sandboxes). */
function safeStorage(area: () => Storage) {
  return {
    keys(): string[] {
      try {
        return Object.keys(area());
      } catch {
        return [];
      }
    },
    remove(key: string): void {
      try {
        area().removeItem(key);
      } catch {
        // Unreadable storage holds nothing we could leak.
      }
    },
  };
}

export const safeLocalStorage = safeStorage(() => window.localStorage);
export const safeSessionStorage = safeStorage(() => window.sessionStorage);
