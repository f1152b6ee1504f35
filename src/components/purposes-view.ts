import { html, nothing } from 'lit/html.js';
import type { TFunction } from 'i18next';
import { PURPOSES_REFUSED_BY_PRIVACY_SIGNALS, type PrivacySignals } from '../consent/decide.js';
import { listInLanguage } from '../util/text.js';

/** What the preferences view needs to show the purposes. */
export interface PurposesState {
  /** The purposes the page lists, in its order. */
  listed: readonly string[];
  /** The switches as the visitor set them (never on before the visitor switched them on). */
  selected: ReadonlySet<string>;
  signals: Readonly<PrivacySignals>;
  toggle(purpose: string, on: boolean): void;
}

/** A purpose's title: built-in ones are translated, the site's own come from its `strings`. */
export function purposeTitle(t: TFunction, purpose: string): string {
  return t(`purposes.${purpose}.title`, { defaultValue: purpose });
}

/** The titles as a list in the language of the text ("Functional, Marketing and Chat"). */
export function purposeList(t: TFunction, language: string, purposes: readonly string[]): string {
  return listInLanguage(
    purposes.map((purpose) => purposeTitle(t, purpose)),
    language,
  );
}

/** Purposes a privacy signal (Do Not Track, Global Privacy Control) refuses whatever the visitor sets. */
export function refusedBySignal(purpose: string, signals: Readonly<PrivacySignals>): boolean {
  return (signals.doNotTrack || signals.globalPrivacyControl) && PURPOSES_REFUSED_BY_PRIVACY_SIGNALS.includes(purpose);
}

/**
 * One switch per purpose (a native checkbox), named by its title and described by what it
 * is for and, when the site says so, which services use it.
 */
export function renderPurposes(t: TFunction, state: PurposesState) {
  if (state.listed.length === 0) return nothing;
  return html`<fieldset class="levels purposes" aria-describedby="purposes-intro">
    <legend>${t('purposes.label')}</legend>
    <p id="purposes-intro" class="purposes-intro">${t('purposes.intro')}</p>
    ${state.listed.map((purpose) => {
      const refused = refusedBySignal(purpose, state.signals);
      const services = t(`purposes.${purpose}.services`, { defaultValue: '' });
      const described = [
        `purpose-${purpose}-description`,
        services ? `purpose-${purpose}-services` : '',
        refused ? `purpose-${purpose}-refused` : '',
      ]
        .filter(Boolean)
        .join(' ');
      // The levels' look (border, selected frame, forced colours): one kind of option in the view.
      return html`<label part="purpose-option" class="level-option purpose-option">
        <input
          type="checkbox"
          name="purpose"
          .value=${purpose}
          .checked=${!refused && state.selected.has(purpose)}
          ?disabled=${refused}
          aria-labelledby=${`purpose-${purpose}-title`}
          aria-describedby=${described}
          @change=${(event: Event) => state.toggle(purpose, (event.target as HTMLInputElement).checked)}
        />
        <span class="level-text">
          <span class="level-title" id=${`purpose-${purpose}-title`}>${purposeTitle(t, purpose)}</span>
          <span class="level-description" id=${`purpose-${purpose}-description`}
            >${t(`purposes.${purpose}.description`, { defaultValue: '' })}</span
          >
          ${
            services
              ? html`<span class="level-description" id=${`purpose-${purpose}-services`}
                  >${t('purposes.services', { services })}</span
                >`
              : nothing
          }
          ${refused ? html`<span class="level-unavailable" id=${`purpose-${purpose}-refused`}>${t('purposes.unavailableSignal')}</span>` : nothing}
        </span>
      </label>`;
    })}
  </fieldset>`;
}
