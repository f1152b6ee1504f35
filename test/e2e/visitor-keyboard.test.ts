import { expect } from '@open-wc/testing';
import { openPage, part, resetBrowser, waitFor } from '../support/harness.js';

// The built drop-in under a strict Content-Security-Policy (`style-src 'self'`, Trusted Types): the page-level
// parts of the banner, the skip link and the scroll padding, are made with CSSOM alone and cause no violation.
describe('keyboard help in the page, under a strict CSP (drop-in)', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('the skip link is first in <body>, shows when focused and takes focus to the banner; the page keeps clear of it', async () => {
    const page = await openPage({ attributes: { 'no-consent-events': true, 'privacy-url': '/privacy' } }, {}, 'csp');
    const doc = page.window.document;
    const link = doc.body.firstElementChild as HTMLButtonElement;
    expect(link.localName).to.equal('button');
    expect(link.hasAttribute('data-consent-banner-skip')).to.equal(true);
    expect(link.textContent).to.equal('Skip to privacy choices');
    expect(link.getBoundingClientRect().width, 'visually hidden').to.be.at.most(1);
    link.focus();
    expect(link.getBoundingClientRect().width, 'shown when focused: the CSSOM styles apply').to.be.above(40);
    link.click();
    expect(page.element.shadowRoot!.activeElement).to.equal(part(page.element, 'banner'));
    const banner = part(page.element, 'banner')!.getBoundingClientRect();
    // A ResizeObserver sets it, once the banner is laid out.
    await waitFor(() => doc.documentElement.style.getPropertyValue('scroll-padding-bottom') !== '', 'the scroll padding');
    const padding = parseFloat(doc.documentElement.style.getPropertyValue('scroll-padding-bottom'));
    expect(padding, 'scroll padding of the banner height').to.be.at.least(banner.height);
    const room = parseFloat(doc.documentElement.style.getPropertyValue('padding-bottom'));
    expect(room, 'room at the end of the page of the banner height').to.be.at.least(Math.floor(banner.height));

    part(page.element, 'reject-button')!.click();
    await waitFor(() => doc.querySelector('[data-consent-banner-skip]') === null, 'the skip link to go');
    expect(doc.documentElement.style.getPropertyValue('scroll-padding-bottom'), "the page's own value back").to.equal('');
    expect(doc.documentElement.style.getPropertyValue('padding-bottom'), 'the room gone').to.equal('');
    expect(page.window.fixture.violations).to.deep.equal([]);
    expect(page.window.fixture.errors).to.deep.equal([]);
  });
});
