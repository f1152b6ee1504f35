import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsentChangeDetail, ConsentManager } from '../consent/manager.js';
import type { ConsentCore } from '../core/stages.js';

/** The eager stage, handed over when the UI stage is installed (see `install.ts`). */
let core: ConsentCore | undefined;

export function useConsentCore(consentCore: ConsentCore): void {
  core = consentCore;
}

/**
 * Gives one `<consent-banner>` its consent manager, which the eager stage set up from the attributes when
 * the element entered the page (and which fires the element's events), and re-renders the element on
 * every change while it is in the page.
 */
export class ConsentController implements ReactiveController {
  manager: ConsentManager | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.manager = core?.managerFor(this.host);
    this.unsubscribe?.();
    this.unsubscribe = this.manager?.subscribe(() => this.host.requestUpdate());
  }

  /** What the last `consent-change` said, once the first one went out. */
  get lastDetail(): ConsentChangeDetail | undefined {
    return this.manager && core?.hasStarted(this.host) ? this.manager.detail : undefined;
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
