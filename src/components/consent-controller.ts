import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsentChangeDetail, ConsentManager } from '../consent/manager.js';
import type { SettingLabel } from '../consent/options.js';
import { setupConsent, type ConsentSetup } from '../setup.js';
import { kebabCase } from '../util/text.js';

/** What the controller needs from the element. */
export interface ConsentHost extends ReactiveControllerHost, HTMLElement {
  /** The element's attributes as consent settings. */
  consentSetup(): ConsentSetup;
}

/** Warnings name the attribute (`cookie-days`), not the option (`cookieDays`). */
const attributeLabel: SettingLabel = kebabCase;

/**
 * Owns the consent manager of one `<consent-banner>`: sets it up from the attributes when the element
 * first connects, re-renders the element and fires its DOM events on every change, and stops listening
 * to other tabs while the element is out of the page.
 */
export class ConsentController implements ReactiveController {
  manager: ConsentManager | undefined;

  constructor(private readonly host: ConsentHost) {
    host.addController(this);
  }

  /**
   * The first connection sets the manager up from the attributes; later ones (the element moved, or was
   * removed and added again) resume the same manager, so nothing of the first start is repeated.
   */
  hostConnected(): void {
    if (this.manager) {
      this.manager.start();
      return;
    }
    const manager = setupConsent(this.host.consentSetup(), attributeLabel);
    this.manager = manager;
    manager.subscribe((detail) => {
      this.host.requestUpdate();
      this.fire('consent-change', detail);
    });
    manager.start();
    this.fire('consent-ready', manager.detail);
  }

  hostDisconnected(): void {
    this.manager?.stop();
  }

  private fire(type: 'consent-change' | 'consent-ready', detail: ConsentChangeDetail): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
