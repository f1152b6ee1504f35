import Cookies from 'js-cookie';
import { browserPage } from '../util/page.js';

/** Where cookies of the consent manager go: same path, SameSite and domain for every write and delete. */
export interface CookieScope {
  /** Parent domain, or undefined for a host-only cookie. */
  domain: string | undefined;
  /** Secure flag: on for https pages. */
  secure: boolean;
}

/** A cookie jar that never throws: sandboxed frames throw on `document.cookie`, and that is not our caller's problem. */
export interface SafeCookies {
  /** The first copy of the cookie the page sees (see `getAll`). */
  get(name: string): string | undefined;
  /**
   * Every copy of the cookie the page sees, most specific path first: a host-only copy and a parent-domain copy
   * (written by a sibling subdomain, or before `cookie-domain` changed) can both be there, and the page cannot
   * tell which is which. Empty when there is none.
   */
  getAll(name: string): readonly string[];
  /** Writes at this jar's scope and reads back; false when the browser refused the cookie. `days` undefined: a session cookie. */
  set(name: string, value: string, days?: number): boolean;
  /** Deletes the copy at this jar's scope. */
  remove(name: string): void;
  /**
   * Deletes the copies at every other scope this page can reach (host-only, each parent domain, each path
   * above the page), so that the copy of this jar's scope is the one left.
   */
  removeOtherCopies(name: string): void;
}

const NO_COPIES: readonly string[] = Object.freeze([]);
const PATH = '/';

export function safeCookies(scope: CookieScope): SafeCookies {
  const attributes = (domain: string | undefined, path: string): Cookies.CookieAttributes => ({
    path,
    sameSite: 'Lax',
    ...(domain ? { domain } : {}),
    ...(scope.secure ? { secure: true } : {}),
  });
  // js-cookie writes (its encoding is the one every copy of the library reads); it never throws for a bad
  // value, but `document.cookie` itself throws in a sandboxed frame.
  const attempt = (write: () => unknown): boolean => {
    try {
      write();
      return true;
    } catch {
      return false;
    }
  };
  const expire = (name: string, domain: string | undefined, path: string): boolean =>
    attempt(() => Cookies.remove(name, attributes(domain, path)));
  return {
    get: (name) => readCookie(name)[0],
    getAll: readCookie,
    set(name, value, days) {
      // A lone surrogate cannot be encoded (js-cookie throws): nothing is stored.
      const lifetime = days === undefined ? {} : { expires: days };
      return (
        attempt(() => Cookies.set(name, value, { ...attributes(scope.domain, PATH), ...lifetime })) &&
        readCookie(name).includes(value)
      );
    },
    remove(name) {
      expire(name, scope.domain, PATH);
    },
    removeOtherCopies(name) {
      const page = browserPage();
      if (!page) return;
      for (const domain of [undefined, ...cookieDomainsAbove(page.location.hostname)]) {
        for (const path of cookiePathsAbove(page.location.pathname)) {
          if (domain !== scope.domain || path !== PATH) expire(name, domain, path);
        }
      }
    },
  };
}

/**
 * The copies of a cookie, from `document.cookie`. The string is split again only when it changed since the last
 * read (the trackers rewrite their own cookies on every event; a question asked twice costs one string read),
 * and a name is looked up once per change.
 */
const readCookie = ((): ((name: string) => readonly string[]) => {
  let lastCookies: string | undefined;
  let byName = new Map<string, readonly string[]>();
  return (name) => {
    let cookies: string;
    try {
      if (typeof document === 'undefined') return NO_COPIES;
      cookies = document.cookie;
    } catch {
      return NO_COPIES;
    }
    if (cookies !== lastCookies) {
      lastCookies = cookies;
      byName = new Map();
    }
    let copies = byName.get(name);
    if (copies === undefined) {
      copies = copiesIn(cookies, name);
      byName.set(name, copies);
    }
    return copies;
  };
})();

function copiesIn(cookies: string, name: string): readonly string[] {
  const prefix = `${name}=`;
  const copies: string[] = [];
  for (const part of cookies.split(';')) {
    const cookie = part.trimStart();
    if (cookie.startsWith(prefix)) copies.push(decodeCookieValue(cookie.slice(prefix.length), name));
  }
  return copies.length === 0 ? NO_COPIES : copies;
}

/** js-cookie's decoding, the counterpart of its encoding when it writes. */
function decodeCookieValue(value: string, name: string): string {
  try {
    return Cookies.converter.read(value, name);
  } catch {
    // A broken escape (`%FF`) was not written by us: kept as it is, and it does not read as a decision.
    return value;
  }
}

/** The domains a cookie visible on `hostname` may have been written for: the host itself and each parent but the last label. */
function cookieDomainsAbove(hostname: string): string[] {
  // An IP address has no parent domain, and browsers refuse a Domain attribute on it.
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return [];
  const labels = hostname.split('.');
  return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
}

/** The paths a cookie visible on `pathname` may have been written for: `/` and each directory above, with and without its slash. */
function cookiePathsAbove(pathname: string): string[] {
  const paths = [PATH];
  let above = '';
  for (const segment of pathname.split('/').slice(1)) {
    if (segment === '') continue;
    above += `/${segment}`;
    paths.push(above, `${above}/`);
  }
  return paths;
}

/** Whether two readings of the copies are the same (the cookie did not change in between). */
export function sameCopies(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((copy, index) => copy === b[index]));
}

/** The stored decision. When the cookie cannot be written it lives in memory for this page. */
export interface ConsentStore {
  /** Every copy of the stored decision the page sees (see `SafeCookies.getAll`); usually one, none while undecided. */
  read(): readonly string[];
  /** Stores `value` for `days`, as the one copy: copies at the other scopes the page can reach are deleted. */
  write(value: string, days: number): void;
  /** Deletes every copy the page can reach. */
  clear(): void;
  /** False once a write did not stick (cookies disabled or blocked): the decision lasts this page only. */
  readonly persistent: boolean;
  /**
   * Calls `listener` (in a microtask) when a read finds copies that this page did not write: a decision
   * made in another tab or on another subdomain. Returns a function that stops it.
   */
  watch(listener: (copies: readonly string[]) => void): () => void;
}

export function createConsentStore(name: string, cookies: SafeCookies): ConsentStore {
  let inMemory: readonly string[] = NO_COPIES;
  let persistent = true;
  /** The copies this page last read or wrote; `null` before the first read. */
  let lastSeen: readonly string[] | null = null;
  const listeners = new Set<(copies: readonly string[]) => void>();
  const seen = (copies: readonly string[]): void => {
    const changed = lastSeen !== null && !sameCopies(copies, lastSeen);
    lastSeen = copies;
    // Told a moment later; by then this page may have written a newer value, and that one stands.
    if (changed) queueMicrotask(() => lastSeen === copies && listeners.forEach((listener) => listener(copies)));
  };
  const read = (): readonly string[] => (persistent ? cookies.getAll(name) : inMemory);
  return {
    get persistent() {
      return persistent;
    },
    read() {
      const copies = read();
      seen(copies);
      return copies;
    },
    write(value, days) {
      inMemory = [value];
      persistent = cookies.set(name, value, days);
      // Another copy would be read beside this one on the next page (and the more private one wins).
      if (persistent && cookies.getAll(name).length > 1) cookies.removeOtherCopies(name);
      lastSeen = read();
    },
    clear() {
      inMemory = NO_COPIES;
      if (cookies.getAll(name).length > 0) {
        cookies.remove(name);
        cookies.removeOtherCopies(name);
      }
      lastSeen = read();
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Web storage access that never throws (it throws in some privacy modes and sandboxes); the area is looked up once. */
function safeStorage(area: () => Storage) {
  let storage: Storage | null | undefined;
  const resolved = (): Storage | null => {
    if (storage === undefined) {
      try {
        storage = area();
      } catch {
        storage = null;
      }
    }
    return storage;
  };
  return {
    keys(): string[] {
      try {
        return Object.keys(resolved() ?? {});
      } catch {
        return [];
      }
    },
    remove(key: string): void {
      try {
        resolved()?.removeItem(key);
      } catch {
        // Unreadable storage holds nothing we could leak.
      }
    },
  };
}

export const safeLocalStorage = safeStorage(() => window.localStorage);
export const safeSessionStorage = safeStorage(() => window.sessionStorage);
