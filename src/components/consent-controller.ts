import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsentChangeDetail, ConsentManager } from '../consent/manager.js';
import type { SettingLabel } from '../consent/options.js';
import { setupConsent, type ConsentSetup } from '../setup.js';

/** What the controller needs from the element. */
export interface ConsentHost extends ReactiveControllerHost, HTMLElement {
  /** The element's attributes as consent settings. */
  consentSetup(): ConsentSetup;
}

/** Warnings name the attribute (`cookie-days`), not the option (`cookieDays`). */
const attributeLabel: SettingLabel = (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Owns the consent manager of one `<consent-banner>`: sets it up from the attributes when the element
 * connects, re-renders the element and fires its DOM events on every change, and lets go on disconnect.
 */
export class ConsentController implements ReactiveController {
  manager: ConsentManager | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ConsentHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const manager = setupConsent(this.host.consentSetup(), attributeLabel);
    this.manager = manager;
    this.unsubscribe = manager.subscribe((detail) => {
      this.host.requestUpdate();
      this.fire('consent-change', detail);
    });
    manager.start();
    this.fire('consent-ready', manager.detail);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.manager?.dispose();
    this.manager = undefined;
  }

  private fire(type: 'consent-change' | 'consent-ready', detail: ConsentChangeDetail): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
