import { expect } from '@open-wc/testing';
import { ConsentBannerElement } from '../../src/core/element.js';
import { DEFAULT_OPTIONS, type ConsentOptions } from '../../src/consent/options.js';
import '../support/element.js';
import { ELEMENT_ATTRIBUTES, ELEMENT_PROPERTIES, readConsentSetup } from '../../src/core/attributes.js';
import { kebabCase } from '../../src/util/text.js';

/** Attributes whose property or setting is named otherwise, and why. */
const RENAMED: Record<string, string> = {
  // HTMLElement has a `tagName` of its own.
  'tag-name': 'snowplowTag',
  // The consent event's field is `consentUrl`; the attribute says what the site links to.
  'privacy-url': 'privacyUrl',
  // A boolean attribute can only switch something on.
  'no-consent-events': 'noConsentEvents',
};

/** The configuration reference's attribute table: attribute -> its default column. */
async function readmeAttributes(): Promise<Map<string, string>> {
  const readme = await (await fetch('/docs/configuration.md')).text();
  const start = readme.indexOf('\n## Attributes');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells[2] ?? '');
  }
  return rows;
}

describe('settings: the element, the configuration reference and the manifest name the same attributes, with the defaults the code uses', () => {
  it('every attribute of the element has a row in docs/configuration.md, and every row an attribute', async () => {
    const observed = [...ConsentBannerElement.observedAttributes].sort();
    const documented = [...(await readmeAttributes()).keys()].sort();
    expect(documented).to.deep.equal(observed);
  });

  it('the eager stage knows the same attributes as the element (it reads them before the element is defined)', () => {
    const observed = [...ConsentBannerElement.observedAttributes].sort();
    expect([...ELEMENT_ATTRIBUTES].sort()).to.deep.equal(observed);
  });

  it('the eager stage reads attributes of an element not yet upgraded, and properties set on it before', () => {
    const element = document.createElement('consent-banner-not-defined');
    element.setAttribute('collector', 'https://collector.example.com');
    element.setAttribute('tag-name', 'spx');
    element.setAttribute('no-consent-events', '');
    element.setAttribute('privacy-url', '/privacy');
    (element as unknown as { appId: string }).appId = 'from-a-property';
    const setup = readConsentSetup(element);
    expect(setup.collector).to.equal('https://collector.example.com');
    expect(setup.tagName).to.equal('spx');
    expect(setup.consentEvents).to.equal(false);
    expect(setup.consentUrl).to.equal('/privacy');
    expect(setup.appId).to.equal('from-a-property');
    expect(setup.pageView).to.equal(false);
    expect(setup.cookieDays).to.equal(undefined);
  });

  it('docs/configuration.md gives the default of every consent option as DEFAULT_OPTIONS has it', async () => {
    const rows = await readmeAttributes();
    const stated: [keyof ConsentOptions, string][] = [
      ['policyVersion', DEFAULT_OPTIONS.policyVersion],
      ['cookieName', DEFAULT_OPTIONS.cookieName],
      ['cookieDays', String(DEFAULT_OPTIONS.cookieDays)],
      ['defaultLevel', DEFAULT_OPTIONS.defaultLevel],
      ['acceptLevel', DEFAULT_OPTIONS.acceptLevel],
      ['rejectLevel', DEFAULT_OPTIONS.rejectLevel],
    ];
    for (const [option, value] of stated) expect(rows.get(kebabCase(option)), option).to.equal(`\`${value}\``);
  });

  it('every attribute maps to a property of its own name, or to one of the named exceptions, which reflects it', () => {
    const element = document.createElement('consent-banner');
    for (const { attribute, property, kind } of ELEMENT_PROPERTIES) {
      const expected = RENAMED[attribute] ?? attribute.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      expect(property, attribute).to.equal(expected);
      const value = kind === 'flag' ? true : kind === 'json' ? '{"banner":{"title":"T"}}' : 'some-value';
      (element as unknown as Record<string, unknown>)[property] = value;
      expect(element.getAttribute(attribute), `${property} reflects ${attribute}`).to.equal(kind === 'flag' ? '' : String(value));
    }
  });

  it('the Custom Elements Manifest (npm run build) lists every attribute', async () => {
    const response = await fetch('/custom-elements.json');
    expect(response.ok, 'custom-elements.json is made by npm run build').to.equal(true);
    const manifest = (await response.json()) as {
      modules: { declarations?: { tagName?: string; attributes?: { name: string }[] }[] }[];
    };
    const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.tagName === 'consent-banner');
    const listed = (element?.attributes ?? []).map((attribute) => attribute.name).sort();
    expect(listed).to.deep.equal([...ConsentBannerElement.observedAttributes].sort());
  });
});
