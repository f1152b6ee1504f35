// One contract for every bridge that signals the decision to something else on the page: each follows a level
// change, a change of the purposes alone and a withdrawal, and lets go of what it listened to when disposed. The
// decision sources (which listen to other managers) must leave no listener behind either.
import { expect } from '@open-wc/testing';
import type { ConsentBridge, LevelChange } from '../../src/consent/bridge.js';
import type { ConsentLevel } from '../../src/consent/levels.js';
import { createGatedContent } from '../../src/blocking/gated-content.js';
import { createClarityConsentBridge } from '../../src/tracker/clarity-consent.js';
import { createDataLayerEventBridge, type DataLayerConsent } from '../../src/tracker/datalayer-event.js';
import { createGoogleConsentModeBridge } from '../../src/tracker/google-consent-mode.js';
import { createUetConsentBridge } from '../../src/tracker/uet-consent.js';
import { cookiebotConsent } from '../../src/sources/cookiebot.js';
import { didomiConsent } from '../../src/sources/didomi.js';
import { gcmConsent } from '../../src/sources/gcm.js';
import { oneTrustConsent } from '../../src/sources/onetrust.js';
import { tcfConsent } from '../../src/sources/tcf.js';
import { usercentricsConsent } from '../../src/sources/usercentrics.js';
import { vanillaCookieConsent } from '../../src/sources/vanilla-cookieconsent.js';
import type { ExternalConsent } from '../../src/sources/source.js';

const LISTED = ['functional', 'marketing'];
type Globals = Record<string, unknown> & { dataLayer?: unknown[]; uetq?: unknown[]; clarity?: { q?: ArrayLike<unknown>[] } };
const page = window as unknown as Globals;

/** What a bridge told the page last: `measure` (analytics storage, or the level) and `advertise` (marketing). */
interface Told {
  measure: boolean;
  advertise: boolean;
}

interface BridgeUnderTest {
  name: string;
  create(): ConsentBridge;
  told(): Told;
}

const lastConsentCommand = (): Record<string, unknown> => {
  const commands = (page.dataLayer ?? [])
    .map((entry) => Array.from(entry as ArrayLike<unknown>))
    .filter((entry) => entry[0] === 'consent');
  return commands.at(-1)![2] as Record<string, unknown>;
};

let root: HTMLElement;

const BRIDGES: BridgeUnderTest[] = [
  {
    name: 'Google Consent Mode',
    create: () => createGoogleConsentModeBridge(LISTED, { regions: ['ES'], urlPassthrough: true, adsDataRedaction: true }),
    told: () => {
      const states = lastConsentCommand();
      return { measure: states['analytics_storage'] === 'granted', advertise: states['ad_storage'] === 'granted' };
    },
  },
  {
    name: 'UET consent mode',
    create: () => createUetConsentBridge(LISTED),
    // `uetq.push('consent', command, {ad_storage})`: three entries per call; UET measures nothing more here.
    told: () => {
      const last = page.uetq!.at(-1) as { ad_storage: string };
      return { measure: contractState.level === 'full', advertise: last.ad_storage === 'granted' };
    },
  },
  {
    name: 'Clarity consent',
    create: () => createClarityConsentBridge(LISTED),
    told: () => {
      const last = Array.from(page.clarity!.q!.at(-1)!);
      const consent = last[1] as { ad_Storage: string; analytics_Storage: string };
      expect(last[0]).to.equal('consentv2');
      return { measure: consent.analytics_Storage === 'granted', advertise: consent.ad_Storage === 'granted' };
    },
  },
  {
    name: 'dataLayer event',
    create: () => createDataLayerEventBridge('consent_update'),
    told: () => {
      const entry = page.dataLayer!.at(-1) as { event: string; consent: DataLayerConsent };
      expect(entry.event).to.equal('consent_update');
      return { measure: entry.consent.level === 'full', advertise: entry.consent.purposes.includes('marketing') };
    },
  },
  {
    name: 'gated content',
    create: () => {
      root.innerHTML = `
        <iframe id="measure" data-src="about:blank#m" data-consent-level="full"></iframe>
        <iframe id="advertise" data-src="about:blank#a" data-consent-purpose="marketing"></iframe>`;
      return createGatedContent({ root: document, reloadOnDowngrade: false, purposes: LISTED });
    },
    // A frame unloaded again shows about:blank.
    told: () => ({
      measure: root.querySelector('#measure')!.getAttribute('src') === 'about:blank#m',
      advertise: root.querySelector('#advertise')!.getAttribute('src') === 'about:blank#a',
    }),
  },
];

const contractState: { level: ConsentLevel } = { level: 'none' };

/** Counts listeners added to and removed from the window and the document while `run` runs. */
function listenerBalance(run: () => void): number {
  let balance = 0;
  const targets = [window, document] as EventTarget[];
  const originals = targets.map((target) => [target.addEventListener, target.removeEventListener] as const);
  targets.forEach((target, index) => {
    const [add, remove] = originals[index]!;
    target.addEventListener = function (...args: Parameters<EventTarget['addEventListener']>) {
      balance += 1;
      return add.apply(this, args);
    };
    target.removeEventListener = function (...args: Parameters<EventTarget['removeEventListener']>) {
      balance -= 1;
      return remove.apply(this, args);
    };
  });
  try {
    run();
  } finally {
    targets.forEach((target, index) => {
      target.addEventListener = originals[index]![0];
      target.removeEventListener = originals[index]![1];
    });
  }
  return balance;
}

function clearGlobals(): void {
  for (const name of ['dataLayer', 'uetq', 'clarity', '__tcfapi', 'OptanonWrapper', 'didomiOnReady', 'didomiEventListeners']) {
    delete page[name];
  }
}

describe('the bridge contract: every bridge follows each step and lets go when disposed', () => {
  beforeEach(() => {
    clearGlobals();
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    root.remove();
    clearGlobals();
  });

  for (const bridge of BRIDGES) {
    it(bridge.name, () => {
      let from: ConsentLevel | undefined;
      let consent: ConsentBridge | undefined;
      const step = (to: ConsentLevel, purposes: string[]): Told => {
        contractState.level = to;
        const change: LevelChange = { from, to, userId: undefined, purposes: new Set(purposes) };
        consent!.applyLevel(change);
        from = to;
        return bridge.told();
      };
      const balance = listenerBalance(() => {
        consent = bridge.create();
        expect(step('cookieless', []), 'page start, undecided').to.deep.equal({ measure: false, advertise: false });
        expect(step('full', []), 'a level change').to.deep.equal({ measure: true, advertise: false });
        expect(step('full', ['marketing']), 'a change of the purposes alone').to.deep.equal({ measure: true, advertise: true });
        expect(step('cookieless', []), 'a withdrawal').to.deep.equal({ measure: false, advertise: false });
        consent.dispose?.();
      });
      expect(balance, 'listeners left on the window and the document after dispose').to.equal(0);
    });
  }

  const SOURCES: [string, ExternalConsent][] = [
    ['tcf', tcfConsent],
    ['gcm', gcmConsent],
    ['vanilla-cookieconsent', vanillaCookieConsent],
    ['onetrust', oneTrustConsent],
    ['cookiebot', cookiebotConsent],
    ['usercentrics', usercentricsConsent],
    ['didomi', didomiConsent],
  ];
  for (const [name, source] of SOURCES) {
    it(`the ${name} source leaves no listener and no wrapper behind when stopped`, () => {
      const removed: number[] = [];
      // A TCF CMP's API, as far as listening goes: it hands out a listener id and takes it back.
      page['__tcfapi'] = (command: string, _version: number, callback: (data: unknown, ok: boolean) => void, id?: number) => {
        if (command === 'addEventListener') callback({ listenerId: 7, eventStatus: 'cmpuishown', tcString: '' }, true);
        if (command === 'removeEventListener' && id !== undefined) removed.push(id);
      };
      page.dataLayer = [];
      const push = page.dataLayer.push;
      const balance = listenerBalance(() => {
        const stop = source.watch(() => {});
        stop();
      });
      expect(balance).to.equal(0);
      expect(page.dataLayer.push, 'dataLayer.push as the page had it').to.equal(push);
      expect(page['OptanonWrapper'], 'no OptanonWrapper left').to.equal(undefined);
      if (name === 'tcf') expect(removed).to.deep.equal([7]);
    });
  }
});
