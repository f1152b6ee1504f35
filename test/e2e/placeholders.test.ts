import { expect } from '@open-wc/testing';
import { axeViolations } from '../support/axe.js';
import { pageValue } from '../support/globals.js';
import { bannerShown, cookieValue, openPage, resetBrowser, waitFor, type Page } from '../support/harness.js';

// Gated content that waits for a purpose, with the placeholder that stands in for it meanwhile.
const MARKUP = `
  <iframe title="A video" width="560" height="315" data-consent-purpose="functional" data-consent-service="YouTube"
    data-src="/test/fixtures/gated-frame.html"></iframe>
  <template data-consent-purpose="marketing" data-consent-service="Ad pixel">
    <p class="widget">The widget is here.</p>
    <script>window.widgetRuns = (window.widgetRuns || 0) + 1;</script>
  </template>
  <div lang="de">
    <iframe title="Eine Karte" data-consent-purpose="functional" data-src="https://maps.example/embed"></iframe>
  </div>
`;

const ATTRIBUTES = { purposes: 'functional marketing', region: 'FR', 'no-consent-events': true };

const video = (page: Page) => page.window.document.querySelector<HTMLIFrameElement>('iframe[data-consent-service="YouTube"]')!;
const template = (page: Page) => page.window.document.querySelector('template')!;
const germanMap = (page: Page) => page.window.document.querySelector<HTMLIFrameElement>('[lang="de"] iframe')!;

/** The placeholder standing in for `content`, once its words are written (they come with the UI stage's languages). */
async function placeholderOf(content: Element): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(() => {
    const before = content.previousElementSibling;
    found = before?.localName === 'consent-placeholder' ? (before as HTMLElement) : null;
    return found?.shadowRoot?.querySelector('[part~="placeholder-allow"]') != null;
  }, 'the placeholder to be written');
  return found!;
}

const placeholderPart = (placeholder: HTMLElement, name: string) =>
  placeholder.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const hasPlaceholder = (content: Element) => content.previousElementSibling?.localName === 'consent-placeholder';
const widget = (page: Page) => page.window.document.querySelector('.widget');

describe('placeholders of gated content: a choice in place', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('names the service and the purpose, in the language of where it stands; the iframe stays empty and hidden', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    const placeholder = await placeholderOf(video(page));
    expect(placeholderPart(placeholder, 'placeholder-text').textContent).to.equal(
      'This content from YouTube needs your consent for: Functional.',
    );
    expect(placeholderPart(placeholder, 'placeholder-load-once').textContent).to.equal('Load this once');
    expect(placeholderPart(placeholder, 'placeholder-allow').textContent).to.equal('Always allow Functional');
    expect(placeholder.getAttribute('lang')).to.equal('en');
    expect(placeholder.style.aspectRatio, 'sized like the iframe').to.equal('560 / 315');
    expect(video(page).hasAttribute('src')).to.equal(false);
    expect(video(page).hidden).to.equal(true);

    const german = await placeholderOf(germanMap(page));
    expect(placeholderPart(german, 'placeholder-text').textContent, 'no service named: the iframe host').to.equal(
      'Dieser Inhalt von maps.example braucht Ihre Einwilligung für: Funktional.',
    );
    expect(placeholderPart(german, 'placeholder-allow').textContent).to.equal('Immer erlauben: Funktional');

    const pixel = await placeholderOf(template(page));
    expect(placeholderPart(pixel, 'placeholder-text').textContent).to.equal(
      'This content from Ad pixel needs your consent for: Marketing.',
    );
    expect(widget(page), 'the template is not instantiated').to.equal(null);
    expect(pageValue(page, 'widgetRuns')).to.equal(undefined);
  });

  it('passes axe (WCAG 2.2 AA): a named group, its text, two buttons', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    for (const content of [video(page), template(page), germanMap(page)]) {
      const placeholder = await placeholderOf(content);
      const group = placeholderPart(placeholder, 'placeholder');
      expect(group.getAttribute('role')).to.equal('group');
      expect(await axeViolations(placeholder)).to.deep.equal([]);
    }
  });

  it("is themed as the banner: the --consent-banner-* properties where it stands, the page's declared scheme", async () => {
    const page = await openPage({ markup: `<meta name="color-scheme" content="dark">${MARKUP}`, attributes: ATTRIBUTES });
    const placeholder = await placeholderOf(video(page));
    const style = (element: Element) => page.window.getComputedStyle(element);
    expect(placeholder.dataset['scheme']).to.equal('dark');
    expect(style(placeholder).backgroundColor, 'the dark surface').to.equal('rgb(31, 35, 40)');
    page.window.document.documentElement.style.setProperty('--consent-banner-color', 'rgb(1, 2, 3)');
    page.window.document.documentElement.style.setProperty('--consent-banner-accent-contrast', 'rgb(4, 5, 6)');
    const allow = placeholderPart(placeholder, 'placeholder-allow');
    expect(style(placeholder).color).to.equal('rgb(1, 2, 3)');
    expect(style(allow).color).to.equal('rgb(4, 5, 6)');
    expect(style(allow).fontWeight).to.equal('600');
  });

  it('content the page takes out takes its placeholder with it', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    const placeholder = await placeholderOf(video(page));
    const other = await placeholderOf(template(page));
    video(page).remove();
    await waitFor(() => !placeholder.isConnected, 'the placeholder to go');
    expect(other.isConnected, "another content's placeholder stays").to.equal(true);
  });

  it('"Load this once" loads the content for this page only: nothing is stored, the next page asks again', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    const placeholder = await placeholderOf(video(page));
    const loadOnce = placeholderPart(placeholder, 'placeholder-load-once');
    loadOnce.focus();
    loadOnce.click();
    expect(video(page).getAttribute('src')).to.equal('/test/fixtures/gated-frame.html');
    expect(video(page).hidden).to.equal(false);
    expect(hasPlaceholder(video(page))).to.equal(false);
    expect(page.window.document.activeElement, 'focus goes to what was loaded').to.equal(video(page));
    expect(page.element.hasConsent('functional')).to.equal(false);
    expect(page.element.decided).to.equal(false);
    expect(cookieValue('consent_banner')).to.equal(undefined);
    expect(hasPlaceholder(germanMap(page)), 'other content still waits').to.equal(true);
    expect(bannerShown(page), 'the banner still asks').to.equal(true);
    page.close();

    const next = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    await placeholderOf(video(next));
    expect(video(next).hasAttribute('src')).to.equal(false);
  });

  it('"Always allow" grants the purpose (the visitor\'s decision, stored): every content of it loads; a withdrawal puts the placeholders back', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    const placeholder = await placeholderOf(video(page));
    placeholderPart(placeholder, 'placeholder-allow').click();
    expect(page.changes.at(-1)).to.deep.include({ source: 'visitor', purposes: ['functional'] });
    expect(JSON.parse(cookieValue('consent_banner')!)).to.deep.include({ level: 'cookieless', p: { functional: 1 } });
    expect(video(page).getAttribute('src')).to.equal('/test/fixtures/gated-frame.html');
    expect(germanMap(page).getAttribute('src'), 'every content of the purpose').to.equal('https://maps.example/embed');
    expect(hasPlaceholder(video(page)) || hasPlaceholder(germanMap(page))).to.equal(false);
    expect(hasPlaceholder(template(page)), 'marketing still waits').to.equal(true);
    expect(bannerShown(page), 'the banner still asks about marketing, never answered').to.equal(true);

    page.element.setConsent({ purposes: [] });
    await placeholderOf(video(page));
    await placeholderOf(germanMap(page));
    expect(video(page).getAttribute('src'), 'unloaded').to.equal('about:blank');
    expect(video(page).hidden).to.equal(true);
  });

  it('a template is instantiated when its purpose is allowed (its scripts run once) and removed on a withdrawal', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    placeholderPart(await placeholderOf(template(page)), 'placeholder-allow').click();
    expect(page.element.grantedPurposes).to.deep.equal(['marketing']);
    expect(widget(page)?.textContent).to.equal('The widget is here.');
    expect(hasPlaceholder(template(page))).to.equal(false);
    expect(pageValue(page, 'widgetRuns'), 'its inline script ran as it was inserted').to.equal(1);

    page.element.rejectAll();
    expect(widget(page), 'the markup is removed').to.equal(null);
    await placeholderOf(template(page));

    page.element.acceptAll();
    expect(widget(page)?.textContent, 'the markup is back').to.equal('The widget is here.');
    // An inline script runs as it is inserted: a second run would have happened by now.
    expect(pageValue(page, 'widgetRuns'), 'its script ran once per page load').to.equal(1);
  });

  it('"Load this once" lasts until a withdrawal', async () => {
    const page = await openPage({ markup: MARKUP, attributes: ATTRIBUTES });
    page.element.setConsent({ level: 'full', purposes: ['marketing'] });
    placeholderPart(await placeholderOf(video(page)), 'placeholder-load-once').click();
    expect(video(page).getAttribute('src')).to.equal('/test/fixtures/gated-frame.html');
    page.element.setConsent({ level: 'cookieless', purposes: [] });
    await placeholderOf(video(page));
    expect(video(page).getAttribute('src')).to.equal('about:blank');
  });

  it('data-consent-placeholder="off": no placeholder, the content waits as before', async () => {
    const page = await openPage({
      markup: `
        <iframe id="off" title="x" data-consent-purpose="functional" data-consent-placeholder="off" data-src="/test/fixtures/gated-frame.html"></iframe>
        <iframe id="on" title="y" data-consent-purpose="functional" data-src="/test/fixtures/gated-frame.html"></iframe>`,
      attributes: ATTRIBUTES,
    });
    const [off, on] = ['off', 'on'].map((id) => page.window.document.getElementById(id)!);
    // Placeholders stand as soon as the level is applied (their words follow): the other iframe has one now.
    expect(hasPlaceholder(on!)).to.equal(true);
    expect(hasPlaceholder(off!)).to.equal(false);
    expect(off!.hidden).to.equal(false);
    expect(off!.hasAttribute('src')).to.equal(false);
  });

  it('in an opt-out region the purposes are granted until the visitor opts out: no placeholder, the content loads', async () => {
    const page = await openPage({ markup: MARKUP, attributes: { ...ATTRIBUTES, region: 'US-CA' } });
    expect(video(page).getAttribute('src')).to.equal('/test/fixtures/gated-frame.html');
    expect(widget(page)).not.to.equal(null);
    expect(hasPlaceholder(video(page))).to.equal(false);
  });
});
