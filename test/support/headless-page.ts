// Pages of a site with its own consent UI: the headless entry drives its tracker and content, no element.
import type { ConsentManager } from '../../src/consent/manager.js';
import type { FixtureConfig } from './fixture-config.js';
import { openPage, type BrowserSettings, type Page } from './harness.js';

export interface HeadlessPage extends Omit<Page, 'element'> {
  /** The page's consent manager, as `setupConsent(config.setup)` built it. */
  consent: ConsentManager;
}

/** Loads the headless fixture page in a new frame, its manager started. */
export async function headlessPage(config: FixtureConfig, settings: BrowserSettings = {}): Promise<HeadlessPage> {
  const page = await openPage(config, settings, 'headless');
  const consent = page.window.fixture.consent!;
  // Gated content loads its code once the page has some: settled() waits for it.
  await consent.settled();
  return { ...page, consent };
}
