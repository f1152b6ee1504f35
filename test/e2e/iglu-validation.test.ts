// The loopback collector checks every event against the real Iglu schemas (scripts/iglu.mjs), and the
// harness's `requests()` throws on one a Snowplow pipeline would reject: every test that reads events
// fails on an invalid payload. These tests show it with events tracked by hand.
import { expect } from '@open-wc/testing';
import {
  CONSENT_PREFERENCES_SCHEMA,
  events,
  ownTrackerPage,
  resetBrowser,
  uniqueAppId,
  waitFor,
  waitForEvents,
} from '../support/harness.js';

/** Waits until reading this app's events fails, and returns the error. */
async function readingFails(appId: string): Promise<Error> {
  let failure: Error | undefined;
  await waitFor(async () => {
    try {
      await events(appId);
      return false;
    } catch (error) {
      failure = error as Error;
      return true;
    }
  }, `reading the events of ${appId} to fail`);
  return failure!;
}

describe('Iglu validation of what the tests capture', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('reading events fails, with the reasons, when one would be rejected by a pipeline', async () => {
    const appId = uniqueAppId('invalid');
    const page = await ownTrackerPage(appId);
    page.snowplow.trackSelfDescribingEvent({
      event: {
        schema: CONSENT_PREFERENCES_SCHEMA,
        data: {
          eventType: 'maybe',
          basisForProcessing: 'consent',
          consentUrl: 'privacy page',
          consentVersion: '1',
          consentScopes: [],
        },
      },
    });
    const error = await readingFails(appId);
    expect(error.message).to.match(
      new RegExp(`^the collector received events of ${appId} that a Snowplow pipeline would reject`),
    );
    expect(error.message).to.include("consent_preferences/1-0-0: (root) must have required property 'domainsApplied'");
    expect(error.message).to.include('consent_preferences/1-0-0: /eventType must be equal to one of the allowed values');
    expect(error.message).to.include('consent_preferences/1-0-0: /consentUrl must match format "uri", got "privacy page"');
    expect(error.message).to.include('consent_preferences/1-0-0: /consentScopes must NOT have fewer than 1 items');
  });

  it("lets through entities of other vendors, whose schemas a pipeline resolves from the site's own registry", async () => {
    const appId = uniqueAppId('custom-entity');
    // Declared safe, so that it leaves at the default level too.
    const page = await ownTrackerPage(appId, { 'safe-entities': 'com.example/product' });
    page.snowplow.trackPageView({ context: [{ schema: 'iglu:com.example/product/jsonschema/1-0-0', data: { sku: 'a1' } }] });
    const [pageView] = await waitForEvents(appId, 1);
    expect(pageView!.entities.map((entity) => entity.schema)).to.include('iglu:com.example/product/jsonschema/1-0-0');
  });
});
