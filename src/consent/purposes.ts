import { shown } from '../util/log.js';

/**
 * Purposes beside the measurement level: the site's other tools (videos, chat, ad pixels, A/B tests), each
 * granted or not on its own. A page lists the purposes it asks about; none listed means no purpose at all.
 */
export const Purpose = {
  /** Features the visitor asks for that need storage or a third party: embedded videos and maps, chat. */
  Functional: 'functional',
  /** Content and settings tailored to the visitor: recommendations, A/B tests that remember the variant. */
  Personalization: 'personalization',
  /** Advertising and its measurement: ad pixels, retargeting, conversion tracking. */
  Marketing: 'marketing',
} as const;

/** The purposes every copy of the library knows, with their texts; others are the site's own (custom). */
export const BUILT_IN_PURPOSES: readonly string[] = [Purpose.Functional, Purpose.Personalization, Purpose.Marketing];

/** At most this many purposes per page, so that every answer fits in the consent cookie. */
export const MAX_PURPOSES = 16;

/** A purpose name: a lowercase letter, then lowercase letters, digits, `_` or `-`; 32 characters at most. */
const PURPOSE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

export function isPurposeName(value: unknown): value is string {
  return typeof value === 'string' && PURPOSE_NAME_PATTERN.test(value);
}

/**
 * Names given as text (`"functional marketing"`, comma or space separated) or as a list, trimmed and
 * lower-cased; undefined when the value is neither.
 */
export function purposeNames(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? (value as unknown[]) : undefined;
  if (items === undefined) return undefined;
  return items.map((item) => (typeof item === 'string' ? item.trim().toLowerCase() : shown(item))).filter((name) => name !== '');
}
