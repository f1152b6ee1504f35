import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { setupConsent, withConsent, type ConsentLevel } from 'consent-banner/headless';

newTracker('own-ui', `${location.origin}/collector`, withConsent({ appId: 'headless-demo', discoverRootDomain: false }));

const consent = setupConsent({ tracker: 'own-ui' });
const status = document.getElementById('level')!;
consent.subscribe((detail) => {
  status.textContent = `Level in force: ${detail.level} (${detail.source})`;
});
consent.start();
trackPageView();

document.querySelectorAll<HTMLButtonElement>('[data-level]').forEach((button) => {
  button.addEventListener('click', () => consent.setLevel(button.dataset['level'] as ConsentLevel));
});
document.getElementById('reset')!.addEventListener('click', () => consent.reset());
document.getElementById('track')!.addEventListener('click', () => trackPageView());
