import { expect } from '@open-wc/testing';
import type * as Snowplow from '@snowplow/browser-tracker';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { installTagSnippet, SP_STANDIN_URL, spStandinUrl } from '../fixtures/sp-standin/snippet.js';
import {
  COLLECTOR,
  events,
  resetBrowser,
  settle,
  tagLoaded,
  uniqueAppId,
  waitFor,
  waitForEvents,
  waitForTag,
} from '../support/harness.js';
import { queuedTagCalls, tagFunction, type GlobalsWindow } from '../support/globals.js';

// The stand-in for Snowplow's sp.js that the tag tests use: its own bundle with its own copy of the tracker,
// loaded by the snippet's async script, behaving as sp.js does. Driven here on a bare page without the element.

type Trackers = Record<string, BrowserTracker>;

type StandinWindow = GlobalsWindow & {
  standinFixture: {
    snowplow: typeof Snowplow;
    core: { allTrackerNames(): string[]; getTracker(id: string): BrowserTracker | null };
    warnings: string[];
    errors: string[];
  };
};

interface TagPage {
  window: StandinWindow;
  /** The page's own npm copy of the tracker. */
  snowplow: typeof Snowplow;
  /** Calls the tag's global function, as the site does. */
  tag(...args: unknown[]): void;
}

const frames: HTMLIFrameElement[] = [];

/** A bare page with the tag snippet pasted: `window[functionName]` queues, an async script loads the stand-in. */
async function tagPage(options: { functionName?: string; delayMs?: number } = {}): Promise<TagPage> {
  const frame = document.createElement('iframe');
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = '/test/fixtures/sp-standin/page.html';
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  const win = frame.contentWindow as StandinWindow;
  await waitFor(() => win.standinFixture !== undefined, 'the bare page to start');
  const functionName = options.functionName ?? 'snowplow';
  installTagSnippet(functionName, spStandinUrl(options.delayMs), win);
  return {
    window: win,
    snowplow: win.standinFixture.snowplow,
    tag: (...args: unknown[]) => tagFunction(win, functionName)(...args),
  };
}

function trackerConfig(appId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { appId, discoverRootDomain: false, eventMethod: 'post', stateStorageStrategy: 'none', ...extra };
}

describe('the sp.js stand-in (test/fixtures/sp-standin/sp.ts, its own bundle)', () => {
  beforeEach(resetBrowser);
  afterEach(() => {
    frames.splice(0).forEach((frame) => frame.remove());
    resetBrowser();
  });

  it('is served by the test server as one classic script, and ?delay holds it back', async () => {
    const response = await fetch(SP_STANDIN_URL);
    expect(response.ok).to.equal(true);
    expect(response.headers.get('content-type')).to.match(/javascript/);
    const source = await response.text();
    expect(source).to.match(/^"use strict";\s*\(\(\) => \{/);
    expect(source, 'the tracker is inside').to.include('trackPageView');
    const started = performance.now();
    await fetch(spStandinUrl(700));
    expect(performance.now() - started).to.be.at.least(650);
  });

  it("its trackers are invisible to the page's own copy of the tracker, and the other way round", async () => {
    const appId = uniqueAppId('standin-registry');
    const page = await tagPage();
    const globalsBefore = new Set(Object.getOwnPropertyNames(page.window));
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(appId));
    await waitForTag(page);
    const added = Object.getOwnPropertyNames(page.window).filter((name) => !globalsBefore.has(name));
    expect(added, 'sp.js exposes nothing globally').to.deep.equal([]);

    const core = page.window.standinFixture.core;
    expect(core.getTracker('snowplow_sp1')).to.equal(null);
    expect(core.allTrackerNames()).to.deep.equal([]);
    // The page's copy: no such tracker, so neither the page view nor the plugin reaches the tag's tracker.
    let pageFilterRan = 0;
    page.snowplow.addPlugin(
      {
        plugin: {
          filter: () => {
            pageFilterRan += 1;
            return false;
          },
        },
      },
      ['snowplow_sp1'],
    );
    page.snowplow.trackPageView({ title: 'from the page copy' }, ['snowplow_sp1']);

    page.tag('trackPageView', { title: 'through the tag' });
    const [event] = await waitForEvents(appId, 1);
    await settle();
    expect((await events(appId)).map((e) => e['page'])).to.deep.equal(['through the tag']);
    expect(pageFilterRan).to.equal(0);
    expect(event!['tna'], 'namespace: the name given to newTracker').to.equal('sp1');
    expect(event!['tv']).to.equal('js-4.10.1');
  });

  it('newTracker drops the plugins of the configuration and passes every other option (customFetch) through', async () => {
    const appId = uniqueAppId('standin-config');
    const page = await tagPage();
    let filterRan = 0;
    let activated = 0;
    const fetched: string[] = [];
    page.tag(
      'newTracker',
      'sp1',
      COLLECTOR,
      trackerConfig(appId, {
        plugins: [
          {
            activateBrowserPlugin: () => {
              activated += 1;
            },
            filter: () => {
              filterRan += 1;
              return false;
            },
          },
        ],
        customFetch: (request: Request, init?: RequestInit) => {
          fetched.push(request.url);
          return page.window.fetch(request, init);
        },
      }),
    );
    page.tag('trackPageView');
    await waitForEvents(appId, 1);
    expect(filterRan, 'the filter of a plugin given to newTracker').to.equal(0);
    expect(activated).to.equal(0);
    expect(fetched.length).to.be.at.least(1);
    expect(fetched[0]).to.include('/collector/');
  });

  it('addPlugin with an inline plugin object: for the trackers named or all created so far; other members become commands', async () => {
    const [app1, app2, app3] = [uniqueAppId('standin-p1'), uniqueAppId('standin-p2'), uniqueAppId('standin-p3')];
    const page = await tagPage();
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(app1));
    page.tag('newTracker', 'sp2', COLLECTOR, trackerConfig(app2));
    await waitForTag(page);

    const blocked: string[] = [];
    const counted: string[] = [];
    const probes: unknown[][] = [];
    page.tag(
      'addPlugin:sp1',
      {
        Blocker: (label: string) => ({
          filter: () => {
            blocked.push(label);
            return false;
          },
        }),
      },
      'Blocker',
      ['blocks sp1'],
    );
    page.tag(
      'addPlugin',
      {
        Counter: () => ({
          beforeTrack: (payload: { getPayload(): Record<string, unknown> }) => {
            counted.push(String(payload.getPayload()['aid']));
          },
        }),
        probeTwo: (argument: unknown, trackers: unknown) => probes.push(['two', argument, trackers]),
        probeOne: (trackers: unknown) => probes.push(['one', trackers]),
      },
      'Counter',
    );
    // A tracker created after the plugin does not get it.
    page.tag('newTracker', 'sp3', COLLECTOR, trackerConfig(app3));
    page.tag('trackPageView');
    await waitForEvents(app2, 1);
    await waitForEvents(app3, 1);
    await settle();
    expect(await events(app1), 'the inline filter drops the events of sp1').to.deep.equal([]);
    expect(blocked).to.deep.equal(['blocks sp1']);
    expect(counted.sort()).to.deep.equal([app1, app2].sort());

    // Without an argument: `({}, trackers)` for a function of two parameters, `(trackers)` for one of one.
    page.tag('probeTwo');
    page.tag('probeOne:sp2');
    page.tag('probeTwo:sp1', { given: true }, 'only the first argument is passed on');
    expect(probes).to.deep.equal([
      ['two', {}, ['snowplow_sp1', 'snowplow_sp2', 'snowplow_sp3']],
      ['one', ['snowplow_sp2']],
      ['two', { given: true }, ['snowplow_sp1']],
    ]);
  });

  it('takes its name off GlobalSnowplowNamespace and keeps the snippet function, whose calls then run at once', async () => {
    const appId = uniqueAppId('standin-name');
    const page = await tagPage({ functionName: 'spTag' });
    const snippetFunction = tagFunction(page, 'spTag');
    expect(page.window.GlobalSnowplowNamespace).to.deep.equal(['spTag']);
    expect(Array.isArray(snippetFunction.q)).to.equal(true);
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(appId));
    await waitForTag(page, 'spTag');
    expect(page.window.GlobalSnowplowNamespace).to.deep.equal([]);
    expect(tagFunction(page, 'spTag'), 'the same function stays on the page').to.equal(snippetFunction);
    expect(typeof snippetFunction.q?.push).to.equal('function');

    let ids: string[] = [];
    page.tag(function (this: Trackers) {
      ids = Object.values(this).map((tracker) => `${tracker.id} ${tracker.namespace}`);
    });
    expect(ids, 'after load a call runs before it returns').to.deep.equal(['spTag_sp1 sp1']);
    page.tag('trackPageView');
    const [event] = await waitForEvents(appId, 1);
    expect(event!['tna']).to.equal('sp1');
  });

  it('commands queued before sp.js arrives run once it has loaded, asynchronously and in order', async () => {
    const appId = uniqueAppId('standin-queue');
    // Long enough that a slow machine has not received sp.js before the checks below.
    const page = await tagPage({ delayMs: 4000 });
    const seen: unknown[] = [];
    page.tag(function (this: Trackers) {
      seen.push(Object.keys(this));
    });
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(appId));
    page.tag(function (this: Trackers) {
      seen.push(Object.keys(this));
    });
    page.tag('setUserId', 'user-1');
    page.tag('trackPageView', { title: 'queued' });
    page.tag(function (this: Trackers) {
      seen.push(this['sp1']!.getUserId());
      // Called while the queue runs: joins its end.
      page.tag(function (this: Trackers) {
        seen.push('pushed while running');
      });
    });
    page.tag('trackStructEvent', { category: 'queue', action: 'last' });
    page.tag(() => seen.push('end of the queue'));

    expect(queuedTagCalls(page).length).to.equal(8);
    await settle(300);
    expect(tagLoaded(page.window), 'sp.js still downloading').to.equal(false);
    expect(seen).to.deep.equal([]);
    expect(await events(appId)).to.deep.equal([]);

    await waitForTag(page, 'snowplow', 8000);
    expect(seen).to.deep.equal([[], ['sp1'], 'user-1', 'end of the queue', 'pushed while running']);
    const received = await waitForEvents(appId, 2);
    expect(received.map((event) => event['e']).sort()).to.deep.equal(['pv', 'se']);
    expect(received.map((event) => event['uid'])).to.deep.equal(['user-1', 'user-1']);
  });

  it('a function in the queue gets the trackers by name, as this and as its last argument', async () => {
    const page = await tagPage();
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(uniqueAppId('standin-fn1')));
    page.tag('newTracker', 'sp2', COLLECTOR, trackerConfig(uniqueAppId('standin-fn2')));
    const calls: { self: Trackers; args: unknown[] }[] = [];
    page.tag(
      function (this: Trackers, ...args: unknown[]) {
        calls.push({ self: this, args });
      },
      'a',
      'b',
    );
    await waitForTag(page);
    expect(calls.length).to.equal(1);
    const [{ self, args }] = calls as [{ self: Trackers; args: unknown[] }];
    expect(Object.keys(self)).to.deep.equal(['sp1', 'sp2']);
    expect(args.length).to.equal(3);
    expect(args.slice(0, 2)).to.deep.equal(['a', 'b']);
    expect(args[2]).to.equal(self);
    expect(self['sp2']!.id).to.equal('snowplow_sp2');
    expect(self['sp2']!.namespace).to.equal('sp2');
  });

  it('reads the command name before the ":", so newTracker:sp2 creates a tracker as newTracker does', async () => {
    const appId = uniqueAppId('standin-suffix');
    const page = await tagPage();
    page.tag('newTracker:sp2', 'sp2', COLLECTOR, trackerConfig(appId));
    await waitForTag(page);
    let names: string[] = [];
    page.tag(function (this: Trackers) {
      names = Object.keys(this);
    });
    expect(names).to.deep.equal(['sp2']);
    page.tag('trackPageView:sp2');
    const [event] = await waitForEvents(appId, 1);
    expect(event!['tna']).to.equal('sp2');
  });

  it('a second snippet pasted later loads an sp.js of its own: it takes the next name off the list, with its own trackers', async () => {
    const [first, second] = [uniqueAppId('standin-ns1'), uniqueAppId('standin-ns2')];
    const page = await tagPage();
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(first));
    await waitForTag(page);
    installTagSnippet('spSecond', spStandinUrl(), page.window);
    const secondTag = tagFunction(page, 'spSecond');
    secondTag('newTracker', 'sp1', COLLECTOR, trackerConfig(second));
    await waitForTag(page, 'spSecond');
    expect(page.window.GlobalSnowplowNamespace).to.deep.equal([]);
    let ids: string[] = [];
    secondTag(function (this: Trackers) {
      ids = Object.values(this).map((tracker) => tracker.id);
    });
    expect(ids).to.deep.equal(['spSecond_sp1']);
    secondTag('trackPageView');
    await waitForEvents(second, 1);
    await settle();
    expect(await events(first)).to.deep.equal([]);
  });

  it('logs the errors of commands and functions instead of throwing them, and warns of unknown commands', async () => {
    const appId = uniqueAppId('standin-errors');
    const page = await tagPage();
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(appId));
    await waitForTag(page);
    const { warnings, errors } = page.window.standinFixture;
    page.tag(
      'addPlugin',
      {
        Nothing: () => ({}),
        explode: () => {
          throw new Error('boom');
        },
      },
      'Nothing',
    );
    expect(() => page.tag('explode', {})).not.to.throw();
    expect(() =>
      page.tag(() => {
        throw new Error('callback boom');
      }),
    ).not.to.throw();
    expect(() => page.tag('noSuchCommand', {})).not.to.throw();
    expect(errors.some((line) => line.includes('explode'))).to.equal(true);
    expect(errors.some((line) => line.includes('callback boom'))).to.equal(true);
    expect(warnings.some((line) => line.includes('noSuchCommand'))).to.equal(true);
    page.tag('newTracker', 'sp1', COLLECTOR, trackerConfig(appId));
    expect(warnings.some((line) => line.includes('sp1 already exists'))).to.equal(true);
    page.tag('trackPageView');
    await waitForEvents(appId, 1);
  });
});
