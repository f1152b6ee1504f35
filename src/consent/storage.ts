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
  write(value: string): void;
  clear(): void;
  /** False once a write did not stick (cookies disabled or blocked): the decision lasts this page only. */
  readonly persistent: boolean;
}

export function createConsentStore(name: string, days: number, cookies: SafeCookies): ConsentStore {
  let inMemory: string | undefined;
  let persistent = true;
  return {
    get persistent() {
      return persistent;
    },
    read() {
      return persistent ? cookies.get(name) : inMemory;
    },
    write(value) {
      inMemory = value;
      persistent = cookies.set(name, value, days);
    },
    clear() {
      inMemory = undefined;
      cookies.remove(name);
    },
  };
}

/** localStorage access that never throws (it throws in some privacy modes and sandboxes). */
export const safeLocalStorage = {
  keys(): string[] {
    try {
      return Object.keys(window.localStorage);
    } catch {
      return [];
    }
  },
  remove(key: string): void {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // Unreadable storage holds nothing we could leak.
    }
  },
};
