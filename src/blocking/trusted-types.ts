/**
 * Under Trusted Types (`require-trusted-types-for 'script'`), a script's text and src need a policy.
 * The `consent-banner` policy passes through only what the page's own markup already contained (the
 * blocked scripts the site wrote); it is created on first use, so pages without gated scripts never
 * need to allow it.
 */
import { warn } from '../util/log.js';

interface TrustedTypePolicy {
  createScript(input: string): unknown;
  createScriptURL(input: string): unknown;
}
interface TrustedTypesFactory {
  createPolicy(
    name: string,
    rules: { createScript(input: string): string; createScriptURL(input: string): string },
  ): TrustedTypePolicy;
}

let policy: TrustedTypePolicy | null | undefined;

function getPolicy(): TrustedTypePolicy | null {
  if (policy !== undefined) return policy;
  const factory = (window as unknown as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) return (policy = null);
  try {
    policy = factory.createPolicy('consent-banner', { createScript: (input) => input, createScriptURL: (input) => input });
  } catch (error) {
    warn(`the Trusted Types policy "consent-banner" is not allowed by this page (${String(error)}); gated scripts cannot run.`);
    policy = null;
  }
  return policy;
}

/** A value for `script.text`; undefined when Trusted Types are enforced and our policy is refused. */
export function trustedScript(text: string): unknown {
  const active = getPolicy();
  if (active) return active.createScript(text);
  return policy === null && enforced() ? undefined : text;
}

/** A value for `script.src`; undefined when Trusted Types are enforced and our policy is refused. */
export function trustedScriptUrl(url: string): unknown {
  const active = getPolicy();
  if (active) return active.createScriptURL(url);
  return policy === null && enforced() ? undefined : url;
}

/** Whether the page enforces Trusted Types (a plain string assignment would throw). */
function enforced(): boolean {
  const probe = document.createElement('script');
  try {
    probe.text = '';
    return false;
  } catch {
    return true;
  }
}
