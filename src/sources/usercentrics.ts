/**
 * Usercentrics (Browser UI v2): its window events `UC_UI_INITIALIZED` (loaded), `UC_UI_CMP_EVENT` (the
 * visitor acted in its banner or preferences) and `ucEvent` (its data layer event, sent on every consent
 * change), and `window.UC_UI`: `isConsentRequired()` (true while nothing was decided) and
 * `getServicesBaseInfo()` (each service's `id`, `name`, `categorySlug` and `consent.status`). Keys: a
 * service's name or id; `category:<slug>`, granted when every service of the category is.
 */
import { pageGlobals, type ExternalConsent } from './source.js';

interface UcService {
  id?: unknown;
  name?: unknown;
  categorySlug?: unknown;
  consent?: { status?: unknown };
}
interface UcGlobals {
  UC_UI?: { isConsentRequired?: () => boolean; getServicesBaseInfo?: () => UcService[] };
}

const EVENTS = ['UC_UI_INITIALIZED', 'UC_UI_CMP_EVENT', 'ucEvent'] as const;

export const usercentricsConsent: ExternalConsent = {
  watch(report) {
    const read = (): void => {
      const ui = pageGlobals<UcGlobals>().UC_UI;
      if (typeof ui?.getServicesBaseInfo !== 'function' || typeof ui.isConsentRequired !== 'function') return;
      if (ui.isConsentRequired()) return report(undefined);
      const services = ui.getServicesBaseInfo();
      report((key) => {
        if (key.startsWith('category:')) {
          const inCategory = services.filter((service) => service.categorySlug === key.slice('category:'.length));
          return inCategory.length > 0 && inCategory.every((service) => service.consent?.status === true);
        }
        const service = services.find((candidate) => candidate.name === key || candidate.id === key);
        return service?.consent?.status === true;
      });
    };
    EVENTS.forEach((name) => window.addEventListener(name, read));
    read();
    return () => EVENTS.forEach((name) => window.removeEventListener(name, read));
  },
};
