import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { withConsent } from 'consent-banner/headless';

// 1. The tracker, in the mode of the stored decision: its first page view already obeys it.
newTracker('site', `${location.origin}/collector`, withConsent({ appId: 'npm-demo', discoverRootDomain: false }));
trackPageView();
// 2. Then the element (importing the entry registers it): it drives tracker "site" from here on.
await import('consent-banner');

document.getElementById('track')!.addEventListener('click', () => trackPageView());
