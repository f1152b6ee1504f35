import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TFunction } from 'i18next';
import { isRightToLeft, resolveLanguage } from './language.js';
import { availableLanguages, fetchLocales, hasLanguage, loadLanguage, translator, type Messages } from './localize.js';

export interface LocalizedHost extends ReactiveControllerHost, HTMLElement {
  strings?: Record<string, unknown> | undefined;
  localesUrl?: string | undefined;
}

/**
 * Gives an element the strings of its language: its `lang` attribute, else the nearest `lang` on the
 * page, else the browser's languages, else English. Follows later changes of either `lang`.
 */
export class LocalizeController implements ReactiveController {
  /** The language in use (English until the resolved one has loaded). */
  language = 'en';
  t: TFunction = translator('en', undefined);
  private wanted = '';
  private overrides: Record<string, unknown> | undefined;
  private observer: MutationObserver | undefined;

  constructor(private readonly host: LocalizedHost) {
    host.addController(this);
  }

  get dir(): 'ltr' | 'rtl' {
    return isRightToLeft(this.language) ? 'rtl' : 'ltr';
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.refresh());
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.refresh();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  /** New `strings` take effect in the update that brought them. */
  hostUpdate(): void {
    if (this.host.strings === this.overrides) return;
    this.overrides = this.host.strings;
    this.t = translator(this.language, this.overrides as Messages | undefined);
  }

  private refresh(): void {
    const nearest = this.host.closest('[lang]')?.getAttribute('lang');
    const wanted = resolveLanguage([nearest, ...(navigator.languages ?? []), navigator.language], availableLanguages());
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    this.overrides = this.host.strings;
    if (hasLanguage(wanted)) {
      this.use(wanted);
      return;
    }
    const loader = this.host.localesUrl ? fetchLocales(new URL(this.host.localesUrl, location.href)) : undefined;
    void loadLanguage(wanted, loader).then(() => {
      // A later change may have asked for another language meanwhile.
      if (this.wanted === wanted) this.use(hasLanguage(wanted) ? wanted : 'en');
    });
  }

  private use(language: string): void {
    this.language = language;
    this.t = translator(language, this.overrides as Messages | undefined);
    this.host.requestUpdate();
  }
}
