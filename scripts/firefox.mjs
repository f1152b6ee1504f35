// Finds Firefox for the cross-browser run: FIREFOX_PATH, or Debian's firefox-esr.
import { existsSync } from 'node:fs';

export function findFirefox() {
  return [process.env.FIREFOX_PATH, '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr', '/usr/bin/firefox'].find(
    (path) => path && existsSync(path),
  );
}
