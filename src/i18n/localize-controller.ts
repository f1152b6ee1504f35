import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TFunction } from 'i18next';
import { isRightToLeft, languageOf } from '../util/language.js';
import { availableLanguages, fetchLocales, hasLanguage, loadLanguage, translator, type Messages } from './localize.js';

export interface LocalizedHost extends ReactiveControllerHost {
  /** The element whose `lang`, `strings` and `localesUrl` say what to speak. */
  readonly host: HTMLElement & {
    readonly strings?: Record<string, unknown> | undefined;
    readonly localesUrl?: string | undefined;
  };
  /** Whether the element shows text now; a language is loaded only then (a returning visitor sees none). */
  showsText(): boolean;
}

/**
 * Gives an element the strings of its language: its `lang` attribute, else the nearest `lang` on the
 * page, else the browser's languages, else English. Follows later changes of either `lang`. A language
 * is fetched only when the element has something to show.
 */
export class LocalizeController implements ReactiveController {
  /** The language in use (English until the resolved one has loaded). */
  language = 'en';
  t: TFunction = translator('en', undefined);
  /** The language the page asks for. */
  private wanted = 'en';
  /** The last language asked of the loader (loaded, or failed and replaced by English). */
  private requested = 'en';
  private loaded: Promise<void> = Promise.resolve();
  private pending = false;
  private overrides: Record<string, unknown> | undefined;
  private observer: MutationObserver | undefined;

  constructor(private readonly host: LocalizedHost) {
    host.addController(this);
  }

  get dir(): 'ltr' | 'rtl' {
    return isRightToLeft(this.language) ? 'rtl' : 'ltr';
  }

  /** True when the wanted language is in use (or failed to load and English stands in). */
  get ready(): boolean {
    return this.requested === this.wanted && !this.pending;
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.refresh());
    this.observer.observe(this.host.host, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.refresh();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  /** New `strings` take effect in the update that brought them; text about to show gets its language. */
  hostUpdate(): void {
    if (this.host.host.strings !== this.overrides) {
      this.overrides = this.host.host.strings;
      this.t = translator(this.language, this.overrides as Messages | undefined);
    }
    if (this.host.showsText()) void this.load();
  }

  /** Loads the wanted language (if not yet) and resolves once it is in use. */
  load(): Promise<void> {
    if (this.requested === this.wanted) return this.loaded;
    const wanted = (this.requested = this.wanted);
    if (hasLanguage(wanted)) {
      this.pending = false;
      this.use(wanted);
      return (this.loaded = Promise.resolve());
    }
    const localesUrl = this.host.host.localesUrl;
    const loader = localesUrl ? fetchLocales(new URL(localesUrl, location.href)) : undefined;
    this.pending = true;
    this.loaded = loadLanguage(wanted, loader).then(() => {
      // A later change may have asked for another language meanwhile.
      if (this.wanted !== wanted) return;
      this.pending = false;
      this.use(hasLanguage(wanted) ? wanted : 'en');
    });
    return this.loaded;
  }

  private refresh(): void {
    this.wanted = languageOf(this.host.host, availableLanguages());
    if (this.host.showsText()) void this.load();
  }

  private use(language: string): void {
    this.language = language;
    this.t = translator(language, this.overrides as Messages | undefined);
    this.host.requestUpdate();
  }
}
