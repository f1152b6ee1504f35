// Helpers for the tests of what the visitor sees: media, frames, focus and the banner's entry animation.
import { emulateMedia } from '@web/test-runner-commands';

/**
 * Media emulation needs the Chrome DevTools Protocol; Firefox (driven over WebDriver BiDi) has none. There
 * the media queries keep the browser's own values, and the tests check against those instead.
 */
export async function emulate(media: Parameters<typeof emulateMedia>[0]): Promise<void> {
  try {
    await emulateMedia(media);
  } catch (error) {
    if (!String(error).includes('CDP')) throw error;
  }
}

/** Waits `count` animation frames (what renders shows, and what follows it runs). */
export async function frames(count = 2): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** The focused element, looking into shadow roots. */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Until what a shadow root shows is in its place: without reduced motion (Firefox cannot emulate it) the banner slides in. */
export async function animationsDone(root: ShadowRoot): Promise<void> {
  await Promise.all(root.getAnimations().map((animation) => animation.finished));
}
