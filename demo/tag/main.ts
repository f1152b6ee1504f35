// The site's tag: the standard async snippet (a queue function and an async script for sp.js), its newTracker
// call and a page view, queued until sp.js has loaded. "sp.js" is the stand-in the tests use, bundled on its own
// with its own copy of the tracker (the demo build writes it to dist/demo/sp-standin/sp.js).
import { installTagSnippet } from '../../test/fixtures/sp-standin/snippet.js';

installTagSnippet('snowplow', new URL('../sp-standin/sp.js', location.href).href);
const snowplow = (window as unknown as { snowplow: (...args: unknown[]) => void }).snowplow;
snowplow('newTracker', 'sp1', `${location.origin}/collector`, { appId: 'tag-demo', discoverRootDomain: false });
snowplow('trackPageView');

document.getElementById('track')!.addEventListener('click', () => snowplow('trackPageView'));
