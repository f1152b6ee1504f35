// The same browser tests in Firefox: Debian's firefox-esr driven by Puppeteer over WebDriver BiDi
// (Playwright cannot drive a stock Firefox). `npm test` runs it when Firefox is installed. Everything but the
// browser and the reporters comes from the Chromium config, the sp.js stand-in's plugin and middleware too.
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import base from './web-test-runner.config.mjs';
import { findFirefox } from './scripts/firefox.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { defaultReporter } from '@web/test-runner';

export default {
  ...base,
  concurrency: 1,
  browsers: [puppeteerLauncher({ launchOptions: { browser: 'firefox', executablePath: findFirefox(), headless: true } })],
  reporters: [defaultReporter(), summaryReporter('.cache/test-summary/firefox.json')],
};
