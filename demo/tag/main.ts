// The site's tag: the standard async snippet, its newTracker call, then "sp.js" (the same stand-in the
// tests use: it dispatches each queued command to the real @snowplow/browser-tracker as sp.js does).
import { installTagSnippet, loadTag } from '../../test/fixtures/sp-tag.js';

installTagSnippet();
const snowplow = (window as unknown as { snowplow: (...args: unknown[]) => void }).snowplow;
snowplow('newTracker', 'sp1', `${location.origin}/collector`, { appId: 'tag-demo', discoverRootDomain: false });
snowplow('trackPageView');
loadTag();

document.getElementById('track')!.addEventListener('click', () => snowplow('trackPageView'));
