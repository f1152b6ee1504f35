/**
 * The value of an object's own property, never one inherited: page code may add keys to `Object.prototype`
 * (prototype pollution), and those must never read as settings or stored answers.
 */
export function ownValue(object: object, key: PropertyKey): unknown {
  return Object.hasOwn(object, key) ? (object as Record<PropertyKey, unknown>)[key] : undefined;
}
