import { css } from 'lit';

/**
 * The dark palette, written once: `theme="dark"` uses it, and so does `theme="auto"` when the visitor's
 * system is dark. A site's `--consent-banner-*` properties win over it as over the light one.
 */
const darkPalette = css`
  --_background: var(--consent-banner-background, #1f2328);
  --_color: var(--consent-banner-color, #f0f3f6);
  --_muted: var(--consent-banner-muted, #c9d1d9);
  --_accent: var(--consent-banner-accent, #8ab4f8);
  --_accent-contrast: var(--consent-banner-accent-contrast, #0b1a33);
  --_border: var(--consent-banner-border, #9ca3af);
`;

/**
 * The default look. Every colour pair keeps at least 4.5:1 for text and 3:1 for borders and the focus
 * ring, in light and dark. The banner is fixed, so it overlays the page and never shifts its layout.
 */
export const styles = css`
  :host {
    --_background: var(--consent-banner-background, #ffffff);
    --_color: var(--consent-banner-color, #1f2328);
    --_muted: var(--consent-banner-muted, #4b5563);
    --_accent: var(--consent-banner-accent, #0b57d0);
    --_accent-contrast: var(--consent-banner-accent-contrast, #ffffff);
    --_border: var(--consent-banner-border, #6b7280);
    --_font: var(--consent-banner-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--consent-banner-radius, 12px);
    --_space: var(--consent-banner-spacing, 16px);
    --_z: var(--consent-banner-z-index, 2147483000);
    --_max-width: var(--consent-banner-max-width, 32rem);
    --_shadow: 0 8px 32px rgb(0 0 0 / 0.24);
    display: contents;
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }
  :host([theme='dark']) {
    ${darkPalette}
  }

  .root {
    font-family: var(--_font);
    font-size: 1rem;
    line-height: 1.5;
    color: var(--_color);
  }

  .banner,
  .modal-banner,
  dialog[part='preferences'] {
    box-sizing: border-box;
    background: var(--_background);
    color: var(--_color);
    font: inherit;
    border: 1px solid var(--_border);
    box-shadow: var(--_shadow);
  }

  .banner {
    position: fixed;
    z-index: var(--_z);
    inset-inline: 0;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-width: 1px 0 0;
    max-height: 100dvh;
    overflow: auto;
    animation: rise 160ms ease-out;
  }
  :host([position='top']) .banner {
    bottom: auto;
    top: 0;
    border-width: 0 0 1px;
    animation-name: drop;
  }
  :host([position='bottom-left']) .banner,
  :host([position='bottom-right']) .banner,
  :host([position='center']) .banner {
    animation-name: fade;
    inset-inline: auto;
    bottom: var(--_space);
    width: min(var(--_max-width), calc(100vw - 2 * var(--_space)));
    flex-direction: column;
    flex-wrap: nowrap;
    align-items: stretch;
    border-width: 1px;
    border-radius: var(--_radius);
  }
  /* Stacked layouts: the text takes its own height (a basis would become a height and wrap a column). */
  :host([position='bottom-left']) .banner-body,
  :host([position='bottom-right']) .banner-body,
  :host([position='center']) .banner-body {
    flex: none;
  }
  :host([position='bottom-left']) .banner {
    inset-inline-start: var(--_space);
  }
  :host([position='bottom-right']) .banner {
    inset-inline-end: var(--_space);
  }
  :host([position='center']) .banner {
    left: 50%;
    top: 50%;
    bottom: auto;
    transform: translate(-50%, -50%);
  }

  .banner-body {
    flex: 1 1 24rem;
    min-width: 0;
  }
  .title {
    margin: 0 0 calc(var(--_space) / 4);
    font-size: 1.0625rem;
    font-weight: 650;
  }
  .text {
    margin: 0;
    color: var(--_color);
  }
  .policy-link,
  ::slotted(a) {
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 2px;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }

  /* Accept, reject and choose look the same: no choice is pushed. */
  .button {
    box-sizing: border-box;
    min-height: 44px;
    min-width: 44px;
    padding: 10px 18px;
    font: inherit;
    font-weight: 600;
    border-radius: calc(var(--_radius) / 2);
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
    cursor: pointer;
    flex: 1 1 auto;
  }
  .button:hover {
    filter: brightness(1.08);
  }
  .button:focus-visible,
  .policy-link:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 3px;
  }

  .modal-banner,
  dialog[part='preferences'] {
    width: min(var(--_max-width), calc(100vw - 2 * var(--_space)));
    max-height: calc(100dvh - 2 * var(--_space));
    overflow: auto;
    padding: calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
  }
  .modal-banner:focus {
    outline: none;
  }
  .modal-banner::backdrop,
  dialog[part='preferences']::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .modal-banner .actions,
  dialog[part='preferences'] .actions {
    margin-top: var(--_space);
  }

  .levels {
    border: 0;
    margin: var(--_space) 0 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  legend {
    font-weight: 600;
    margin-bottom: calc(var(--_space) / 2);
    padding: 0;
  }
  .level-option {
    display: flex;
    gap: calc(var(--_space) * 0.75);
    align-items: flex-start;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  .level-option:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .level-option input {
    width: 24px;
    height: 24px;
    margin: 0;
    flex: none;
    accent-color: var(--_accent);
  }
  .level-text {
    display: grid;
  }
  .level-title {
    font-weight: 600;
  }
  .level-description,
  .current,
  .notice {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .notice {
    border-inline-start: 4px solid var(--_accent);
    padding-inline-start: calc(var(--_space) / 2);
  }
  .current {
    margin: var(--_space) 0 0;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Phones: the bar becomes a bottom sheet, buttons stacked full width. */
  @media (max-width: 640px) {
    .banner,
    :host([position]) .banner {
      inset-inline: 0;
      top: auto;
      bottom: 0;
      left: 0;
      width: 100%;
      transform: none;
      flex-direction: column;
      flex-wrap: nowrap;
      align-items: stretch;
      border-width: 1px 0 0;
      border-radius: var(--_radius) var(--_radius) 0 0;
      max-height: 85dvh;
    }
    .banner-body,
    :host([position]) .banner-body {
      flex: none;
    }
    .actions {
      flex-direction: column;
    }
  }

  @keyframes rise {
    from {
      transform: translateY(100%);
    }
  }
  @keyframes drop {
    from {
      transform: translateY(-100%);
    }
  }
  @keyframes fade {
    from {
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .banner {
      animation: none;
    }
  }
`;
