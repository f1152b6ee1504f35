/**
 * A test-runner command for a finger's tap (`executeServerCommand('send-tap', { position: [x, y] })`): a real
 * touch sequence from the browser's input layer, so that the browser makes its own click, focus and scroll of it,
 * as on a phone. Chromium through the DevTools Protocol (Playwright's touchscreen needs a context created with
 * touch); Firefox through Puppeteer's touchscreen.
 */
export function tapCommandPlugin() {
  return {
    name: 'send-tap-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'send-tap') return undefined;
      const position = payload?.position;
      if (!Array.isArray(position) || position.length !== 2 || !position.every(Number.isFinite)) {
        throw new Error('send-tap needs { position: [x, y] } in CSS pixels of the viewport.');
      }
      const [x, y] = position;
      const page = session.browser.getPage(session.id);
      if (session.browser.type === 'playwright') {
        const cdp = await page.context().newCDPSession(page);
        try {
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        } finally {
          await cdp.detach();
        }
        return true;
      }
      if (session.browser.type === 'puppeteer') {
        await page.touchscreen.tap(x, y);
        return true;
      }
      throw new Error(`send-tap is not available for ${session.browser.type}.`);
    },
  };
}
