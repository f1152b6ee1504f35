import { expect } from '@open-wc/testing';
import { LANGUAGES } from '../../src/i18n/language.js';

type Messages = { [key: string]: string | Messages };

async function load(language: string): Promise<Messages> {
  const response = await fetch(`/locales/${language}.json`);
  expect(response.ok, `locales/${language}.json exists`).to.equal(true);
  return (await response.json()) as Messages;
}

/** `{"a": {"b": "x"}}` -> `{"a.b": "x"}` */
function flatten(messages: Messages, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null
        ? Object.entries(flatten(value, `${prefix}${key}.`))
        : [[`${prefix}${key}`, value]],
    ),
  );
}

const variables = (text: string): string[] => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]!).sort();

describe('every locale has every key of en.json, with the same interpolation variables', () => {
  for (const language of LANGUAGES.filter((tag) => tag !== 'en')) {
    it(language, async () => {
      const english = flatten(await load('en'));
      const translated = flatten(await load(language));
      const missing = Object.keys(english).filter((key) => !(key in translated));
      const extra = Object.keys(translated).filter((key) => !(key in english));
      expect({ missing, extra }).to.deep.equal({ missing: [], extra: [] });
      for (const [key, source] of Object.entries(english)) {
        const text = translated[key];
        expect(typeof text === 'string' && text.trim() !== '', `${language}: ${key} is a non-empty string`).to.equal(true);
        expect(variables(text as string), `${language}: ${key} variables`).to.deep.equal(variables(source as string));
        if ((source as string).length >= 12) expect(text, `${language}: ${key} is translated`).not.to.equal(source);
      }
    });
  }
});
