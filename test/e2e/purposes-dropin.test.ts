import { expect } from '@open-wc/testing';
import { openPage, part, requestedPaths, resetBrowser, UI_FILE, uiStage, waitFor } from '../support/harness.js';
import { globalApi } from '../support/globals.js';

const MARKUP =
  '<p id="pixel">not run</p><script type="text/plain" data-consent-purpose="marketing">document.getElementById("pixel").textContent = "ran";</script>';

/** A decision stored on an earlier visit, in the cookie's format with purpose answers (3). */
function storeDecision(level: string, purposes: Record<string, 0 | 1>): void {
  const value = JSON.stringify({ v: 3, level, policy: '1', at: Date.now() - 60_000, p: purposes });
  document.cookie = `consent_banner=${encodeURIComponent(value)}; path=/; max-age=3600`;
}

// Purposes with the drop-in: granted purposes work on a returning visit without the UI stage.
describe('purposes with the drop-in', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('a returning visitor who granted marketing: the pixel runs, the global API says so, no UI file', async () => {
    storeDecision('session', { marketing: 1, functional: 0 });
    const page = await openPage(
      { attributes: { 'no-consent-events': true, purposes: 'functional marketing' }, markup: MARKUP },
      {},
      'dropin',
    );
    const api = globalApi(page);
    await waitFor(() => page.window.document.getElementById('pixel')!.textContent === 'ran', 'the marketing pixel to run');
    expect(api.hasConsent('marketing')).to.equal(true);
    expect(api.hasConsent('functional')).to.equal(false);
    expect(api.getConsent()?.purposes).to.deep.equal(['marketing']);
    expect(api.getConsent()?.level).to.equal('session');
    expect(requestedPaths(page)).not.to.include(UI_FILE);

    api.setConsent({ purposes: [] });
    expect(api.hasConsent('marketing'), 'withdrawn through the API').to.equal(false);
    expect(JSON.parse(decodeURIComponent(document.cookie.split('consent_banner=')[1]!.split(';')[0]!)).p).to.deep.equal({
      functional: 0,
      marketing: 0,
    });
  });

  it('a purpose the stored decision never saw loads the UI and asks about it, keeping the rest', async () => {
    storeDecision('full', { functional: 1 });
    const page = await openPage(
      { attributes: { 'no-consent-events': true, purposes: 'functional marketing' }, markup: MARKUP },
      {},
      'dropin',
    );
    await uiStage(page);
    await waitFor(() => part(page.element, 'banner') !== null, 'the banner asks again');
    expect(part(page.element, 'banner')!.textContent!.replace(/\s+/g, ' ')).to.include(
      'This site now also asks about: Marketing.',
    );
    expect(globalApi(page).getLevel(), 'the level stays').to.equal('full');
    expect(page.window.document.getElementById('pixel')!.textContent, 'not before the answer').to.equal('not run');
    part(page.element, 'accept-button')!.click();
    await waitFor(() => page.window.document.getElementById('pixel')!.textContent === 'ran', 'the pixel after the answer');
    expect(globalApi(page).getConsent()?.purposes).to.deep.equal(['functional', 'marketing']);
    expect(globalApi(page).getLevel()).to.equal('full');
  });
});
