import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { withConsent } from 'consent-banner';

newTracker('site', `${location.origin}/collector`, withConsent({ appId: 'npm-demo', discoverRootDomain: false }));
trackPageView();

document.getElementById('track')!.addEventListener('click', () => trackPageView());
