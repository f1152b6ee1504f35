import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import type { ConsentManager } from '../../src/consent/manager.js';
import { cookieValue, resetBrowser, waitFor } from '../support/harness.js';
import { headlessPage } from '../support/headless-page.js';

const COOKIE = 'consent_banner';
const DAY = 24 * 60 * 60 * 1000;
const LISTED = 'functional personalization marketing';

/** The purpose answers in the consent cookie (1 granted, 0 refused). */
const storedAnswers = () => (JSON.parse(cookieValue(COOKIE)!) as { p?: Record<string, number> }).p;

function storeRaw(record: Record<string, unknown>): void {
  document.cookie = `${COOKIE}=${encodeURIComponent(JSON.stringify(record))}; Path=/; SameSite=Lax`;
}

/** A page of the site that lists these purposes. */
const listing = (purposes: string) => headlessPage({ setup: { purposes } });

describe('purposes, stored and shared by the pages of the site', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  const choices: [string, (consent: ConsentManager) => void, ConsentLevel, string[], Record<string, number>][] = [
    [
      'Accept all',
      (consent) => consent.accept(),
      'full',
      ['functional', 'personalization', 'marketing'],
      { functional: 1, personalization: 1, marketing: 1 },
    ],
    ['Reject all', (consent) => consent.reject(), 'cookieless', [], { functional: 0, personalization: 0, marketing: 0 }],
    [
      'a partial choice',
      (consent) => consent.setConsent({ level: 'session', purposes: ['marketing', 'functional'] }),
      'session',
      ['functional', 'marketing'],
      { functional: 1, personalization: 0, marketing: 1 },
    ],
  ];
  for (const [name, choose, level, granted, answers] of choices) {
    it(`${name}: stored, and in force again after a reload, without asking`, async () => {
      const first = await listing(LISTED);
      expect(first.consent.askVisitor).to.equal(true);
      choose(first.consent);
      expect(storedAnswers()).to.deep.equal(answers);
      first.close();

      const reloaded = await listing(LISTED);
      expect(reloaded.ready).to.deep.include({ level, source: 'stored', purposes: granted });
      expect(reloaded.consent.askVisitor).to.equal(false);
      for (const purpose of ['functional', 'personalization', 'marketing']) {
        expect(reloaded.consent.hasConsent(purpose), purpose).to.equal(granted.includes(purpose));
      }
    });
  }

  it('a page that lists a new purpose asks about it, keeping the level and the other answers; each page keeps the others', async () => {
    const shop = await listing('functional');
    shop.consent.setConsent({ level: 'session', purposes: ['functional'] });
    shop.close();

    const blog = await listing('functional marketing');
    expect(blog.ready).to.deep.include({ level: 'session', source: 'stored', purposes: ['functional'] });
    expect([blog.consent.askVisitor, blog.consent.unansweredPurposes]).to.deep.equal([true, ['marketing']]);
    blog.consent.setConsent({ purposes: ['functional', 'marketing'] });
    expect([blog.consent.askVisitor, blog.consent.level]).to.deep.equal([false, 'session']);
    blog.close();

    const shopAgain = await listing('functional');
    expect(shopAgain.consent.askVisitor).to.equal(false);
    shopAgain.consent.reject();
    expect(storedAnswers(), "the blog's answer is kept for it").to.deep.equal({ functional: 0, marketing: 1 });
  });

  it('a decision from before purposes stays in force with none granted; a page that lists purposes asks about them', async () => {
    storeRaw({ v: 2, level: 'session', policy: '1', at: Date.now() - DAY });
    const without = await headlessPage({});
    expect(without.ready).to.deep.include({ level: 'session', source: 'stored', purposes: [] });
    expect(without.consent.askVisitor).to.equal(false);

    const withPurposes = await listing(LISTED);
    expect(withPurposes.ready).to.deep.include({ level: 'session', source: 'stored', purposes: [] });
    expect(withPurposes.consent.askVisitor).to.equal(true);
  });

  it('tampered purpose names in the cookie: a warning, never granted', async () => {
    storeRaw({
      v: 3,
      level: 'full',
      policy: '1',
      at: Date.now() - DAY,
      p: { marketing: 1, Functional: 1, '<img src=x onerror=alert(1)>': 1 },
    });
    const page = await listing('functional marketing');
    expect(page.ready).to.deep.include({ level: 'full', source: 'stored', purposes: ['marketing'] });
    expect(page.consent.hasConsent('functional')).to.equal(false);
    expect(page.warnings.filter((warning) => warning.includes('purpose entries'))).to.deep.equal([
      '[consent-banner] the stored decision (cookie "consent_banner") has purpose entries that are not a purpose name with 0 or 1: "Functional", "<img src=x onerror=alert(1)>"; they are ignored, never granted.',
    ]);
  });

  it('two tabs agree on the purposes: a choice in one, the purposes alone included, reaches the other', async () => {
    const first = await listing(LISTED);
    const second = await listing(LISTED);

    first.consent.setConsent({ level: 'full', purposes: ['marketing'] });
    await waitFor(() => second.consent.purposes.join() === 'marketing', 'the second tab to follow', 1000);
    expect(second.changes.at(-1)).to.deep.include({ level: 'full', source: 'sync', purposes: ['marketing'] });

    second.consent.setConsent({ purposes: ['functional', 'personalization'] });
    await waitFor(() => first.consent.purposes.join() === 'functional,personalization', 'the first tab to follow', 1000);
    expect(first.changes.at(-1)).to.deep.include({ level: 'full', previousLevel: 'full', source: 'sync' });

    first.consent.reject();
    await waitFor(() => second.consent.purposes.length === 0, 'Reject all to reach the other tab', 1000);
    expect([second.consent.level, second.consent.askVisitor]).to.deep.equal(['cookieless', false]);
  });
});
