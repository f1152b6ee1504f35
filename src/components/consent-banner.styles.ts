import { lazyStyleSheet } from '../util/style-sheet.js';

/**
 * The dark palette, written once: `theme="dark"` uses it, and so does `theme="auto"` on a page that
 * declares a dark-only `color-scheme`, or declares none and the visitor's system is dark. A site's `--consent-banner-*` properties win over it as over the light one.
 */
const darkPalette = `
  --_background: var(--consent-banner-background, #1f2328);
  --_color: var(--consent-banner-color, #f0f3f6);
  --_muted: var(--consent-banner-muted, #c9d1d9);
  --_accent: var(--consent-banner-accent, #8ab4f8);
  --_accent-contrast: var(--consent-banner-accent-contrast, #0b1a33);
  --_border: var(--consent-banner-border, #9ca3af);
  /* Native controls (radios, scrollbars) follow: no white radio on the dark surface. */
  color-scheme: dark;
`;

/**
 * A box that scrolls, with its cue: a shadow at an edge with more behind it. The covers scroll with the
 * content and hide the shadow at an end that is reached (at the top before any scroll, at the bottom after).
 */
const scrollCue = `
  overflow: auto;
  overscroll-behavior: contain;
  background:
    linear-gradient(var(--_background) 0 0) top / 100% 12px no-repeat local,
    linear-gradient(var(--_background) 0 0) bottom / 100% 12px no-repeat local,
    radial-gradient(farthest-side at 50% 0, var(--_cue), transparent) 50% 1px / 100% 10px no-repeat scroll,
    radial-gradient(farthest-side at 50% 100%, var(--_cue), transparent) 50% calc(100% - 1px) / 100% 10px no-repeat scroll;
  background-color: var(--_background);
`;

/**
 * The default look. Every colour pair keeps at least 4.5:1 for text and 3:1 for borders and the focus
 * ring, in light and dark. The banner is fixed, so it overlays the page and never shifts its layout.
 *
 * Sizes: the banner is as tall as its text and buttons, so that what it says about measurement, what
 * "Accept all" also allows and the policy link are read without scrolling inside it; a strip of the page stays
 * in sight above it. Only text taller than that (a site's long texts) scrolls inside, with a shadow as the
 * cue, the buttons staying in view; at 400% zoom the whole banner scrolls as one. "Accept all" and "Reject all" sit in a two-column grid of equal columns (`.choices`): equal
 * widths in every language and position, whatever their texts.
 */
export const bannerStyleSheet = lazyStyleSheet(`
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
    /* Padding of the banner and dialogs, and the height of a button: smaller on short viewports. */
    --_pad-block: var(--_space);
    --_pad-inline: calc(var(--_space) * 1.5);
    --_button-height: 44px;
    /* The page stays in sight above (or below) the banner: it is a banner, not a wall. */
    --_banner-max-height: calc(100dvh - 3rem);
    /* The shadow at the edge of a scroller with more behind it. */
    --_cue: color-mix(in srgb, var(--_color) 45%, transparent);
    color-scheme: light;
    display: contents;
  }

  /* The scheme (see util/color-scheme.ts): the theme, or for \`auto\` the page's own, or the system's. */
  @media (prefers-color-scheme: dark) {
    .root[data-scheme='system'] {
      ${darkPalette}
    }
  }
  .root[data-scheme='dark'] {
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

  /* The banner: text above the buttons; the text scrolls only when the banner reaches its height. */
  .banner {
    position: fixed;
    z-index: var(--_z);
    inset-inline: 0;
    bottom: 0;
    display: flex;
    flex-direction: column;
    align-items: stretch;
    gap: calc(var(--_pad-block) * 0.75) var(--_pad-inline);
    padding: var(--_pad-block) var(--_pad-inline);
    border-width: 1px 0 0;
    max-height: var(--_banner-max-height);
    overflow: hidden;
    animation: rise 160ms ease-out;
  }
  .banner:focus {
    outline: none;
  }
  .banner:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: -6px;
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
    max-height: min(var(--_banner-max-height), calc(100dvh - 2 * var(--_space)));
    border-width: 1px;
    border-radius: var(--_radius);
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

  /* The scrolling text. */
  .banner-body {
    flex: 0 1 auto;
    min-height: 0;
    min-width: 0;
    ${scrollCue}
  }
  .banner .actions {
    flex: none;
  }

  /* Wide bars: the text on the start side, the buttons beside it. */
  @media (min-width: 60rem) {
    :host(:not([position='bottom-left']):not([position='bottom-right']):not([position='center'])) .banner {
      flex-direction: row;
      align-items: center;
    }
    /* Of the bar only: the modal banner keeps its column (a basis of 24rem there is an empty gap). */
    :host(:not([position='bottom-left']):not([position='bottom-right']):not([position='center'])) .banner .banner-body {
      flex: 1 0 24rem;
      max-height: calc(var(--_banner-max-height) - 2 * var(--_pad-block));
    }
    :host(:not([position='bottom-left']):not([position='bottom-right']):not([position='center'])) .banner .actions {
      flex: 0 1 auto;
      min-width: 0;
    }
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
  ::slotted(a) {
    margin-inline-start: 0.5em;
  }

  /*
   * Buttons: accept and reject in a grid of two equal columns, the third button beside them when the line
   * has room, else on a line of its own; every button grows to fill its line.
   */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .choices {
    flex: 2 1 auto;
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: inherit;
  }
  .actions > .button {
    flex: 1 1 auto;
  }

  /* Accept, reject and choose look the same: no choice is pushed. */
  .button {
    box-sizing: border-box;
    min-height: var(--_button-height);
    min-width: 44px;
    padding: 10px 18px;
    font: inherit;
    font-weight: 600;
    line-height: 1.25;
    overflow-wrap: anywhere;
    border-radius: calc(var(--_radius) / 2);
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
    cursor: pointer;
  }
  .button:hover {
    filter: brightness(1.08);
  }
  .button:focus-visible,
  .icon-button:focus-visible,
  .policy-link:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 3px;
  }

  /* The modal banner and the preferences view: a header (preferences), a scrolling middle, pinned buttons. */
  .modal-banner,
  dialog[part='preferences'] {
    width: min(var(--_max-width), calc(100vw - 2 * var(--_space)));
    max-width: none;
    max-height: calc(100dvh - 2 * var(--_space));
    padding: 0;
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .modal-banner[open],
  dialog[part='preferences'][open] {
    display: flex;
    flex-direction: column;
  }
  .modal-banner {
    padding: var(--_pad-block) var(--_pad-inline);
    gap: var(--_pad-block);
  }
  .modal-banner:focus,
  dialog[part='preferences']:focus {
    outline: none;
  }
  .modal-banner::backdrop,
  dialog[part='preferences']::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  dialog[part='preferences'] form {
    display: contents;
  }
  .sheet-header {
    flex: none;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_pad-block) / 2) calc(var(--_pad-inline) / 2) calc(var(--_pad-block) / 2) var(--_pad-inline);
    border-bottom: 1px solid var(--_border);
  }
  .sheet-header .title {
    margin: 0;
  }
  .icon-button {
    flex: none;
    display: inline-grid;
    place-items: center;
    box-sizing: border-box;
    width: var(--_button-height);
    height: var(--_button-height);
    padding: 0;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) / 2);
    background: transparent;
    color: var(--_color);
    cursor: pointer;
  }
  .icon-button:hover {
    border-color: var(--_border);
  }
  .icon-button svg {
    stroke: currentColor;
    stroke-width: 2.25;
    stroke-linecap: round;
    fill: none;
  }
  .sheet-body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    overscroll-behavior: contain;
    padding: var(--_pad-block) var(--_pad-inline);
  }
  .sheet-footer {
    flex: none;
    padding: var(--_pad-block) var(--_pad-inline);
    border-top: 1px solid var(--_border);
  }
  .policy {
    margin: calc(var(--_space) / 2) 0 0;
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
  .level-option:has(input:disabled) {
    cursor: not-allowed;
    border-style: dashed;
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
  .level-unavailable,
  .current,
  .notice {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .level-unavailable {
    font-style: italic;
  }
  .purposes-intro {
    margin: 0;
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

  /*
   * After a decision with no control in sight to take focus: the status line, as a note at the banner's
   * edge, with a ring while it has focus (it was given focus, whatever the input was), gone once focus leaves.
   */
  .saved-note {
    position: fixed;
    z-index: var(--_z);
    inset-inline: var(--_space);
    bottom: var(--_space);
    max-width: var(--_max-width);
    margin-inline: auto;
    box-sizing: border-box;
    padding: calc(var(--_space) * 0.75) var(--_space);
    background: var(--_background);
    color: var(--_color);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    box-shadow: var(--_shadow);
  }
  :host([position='top']) .saved-note {
    bottom: auto;
    top: var(--_space);
  }
  .saved-note:focus {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Phones: every position becomes a bottom sheet; the preferences view fills the screen. */
  @media (max-width: 640px) {
    .banner,
    :host([position]) .banner {
      inset-inline: 0;
      top: auto;
      bottom: 0;
      left: 0;
      width: 100%;
      max-height: var(--_banner-max-height);
      transform: none;
      border-width: 1px 0 0;
      border-radius: var(--_radius) var(--_radius) 0 0;
    }
    dialog[part='preferences'] {
      width: 100%;
      height: 100dvh;
      max-height: 100dvh;
      margin: 0;
      border-width: 0;
      border-radius: 0;
    }
  }

  /*
   * Short viewports (a landscape phone, 200% to 400% zoom): tighter padding and 36 px buttons (the target
   * size stays above 24 px), so that the whole text fits above the buttons. Below 340 px of height (400%
   * zoom) pinned buttons would leave a line of text: the banner scrolls as one, 32 px buttons last, and a
   * strip of the page stays in sight above it (where a page control that gets focus is shown).
   * Text is never made smaller: whoever zooms in wants it larger.
   */
  @media (max-height: 480px) {
    :host {
      --_pad-block: calc(var(--_space) / 2);
      --_pad-inline: calc(var(--_space) * 0.75);
      --_button-height: 36px;
    }
    .button {
      padding: 4px 12px;
    }
    .title {
      font-size: 1rem;
    }
  }
  @media (max-height: 340px) {
    :host {
      --_button-height: 32px;
    }
    /* Its text at full length and the buttons after it, with the same shadow cue while there is more below. */
    .banner {
      ${scrollCue}
    }
    .banner .banner-body {
      flex: none;
      overflow: visible;
      background: none;
    }
    .button {
      padding: 2px 8px;
    }
  }

  /*
   * Forced colours (Windows contrast themes): the selected level is told apart by more than its radio dot:
   * a thick frame and the system's selection colours, and a disabled level by the system's grey text.
   */
  @media (forced-colors: active) {
    /* Its own system colours, not adjusted: the browser would put a Canvas backplate behind the text. */
    .level-option:has(input:checked) {
      forced-color-adjust: none;
      border: 3px solid CanvasText;
      background: Highlight;
      color: HighlightText;
    }
    .level-option:has(input:checked) .level-title,
    .level-option:has(input:checked) .level-description {
      color: HighlightText;
    }
    .level-option:has(input:checked) input {
      forced-color-adjust: auto;
    }
    .level-option:has(input:disabled) {
      color: GrayText;
    }
    .level-option:has(input:disabled) .level-description,
    .level-option:has(input:disabled) .level-unavailable {
      color: GrayText;
    }
    .button,
    .icon-button {
      border: 2px solid ButtonText;
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
`);
