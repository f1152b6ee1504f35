import { expect } from '@open-wc/testing';
import { LANGUAGES, SOURCE_LANGUAGE } from '../../src/util/language.js';

/**
 * Every shipped language against `locales/en.json`, the source of every key: the same keys (same
 * nesting), a non-empty string for each, the same `{{variables}}`, and nothing left in English.
 */

type Messages = { [key: string]: unknown };

/** Strings this short may be the same in another language ("OK", "Cookies"); longer ones may not. */
const MAY_MATCH_ENGLISH_BELOW = 12;

async function load(language: string): Promise<Messages> {
  const response = await fetch(`/locales/${language}.json`);
  expect(response.ok, `locales/${language}.json is served (HTTP ${response.status})`).to.equal(true);
  const text = await response.text();
  let messages: unknown;
  try {
    messages = JSON.parse(text);
  } catch (error) {
    expect.fail(`locales/${language}.json is not valid JSON: ${String(error)}`);
  }
  expect(messages, `locales/${language}.json holds an object`).to.be.an('object').and.not.be.an('array');
  return messages as Messages;
}

/** `{"a": {"b": "x"}}` -> `{"a.b": "x"}`; anything that is not a nested object is a leaf. */
function flatten(messages: Messages, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [nested, leaf] of flatten(value as Messages, `${prefix}${key}.`)) flat.set(nested, leaf);
    } else {
      flat.set(`${prefix}${key}`, value);
    }
  }
  return flat;
}

/** The interpolation variables of a string, sorted, once per occurrence: `{{level}}` -> `level`. */
function variables(text: string): string[] {
  return [...text.matchAll(/{{\s*([^{}]*?)\s*}}/g)].map((match) => match[1]!).sort();
}

let english: Map<string, unknown> | undefined;
async function source(): Promise<Map<string, unknown>> {
  english ??= flatten(await load(SOURCE_LANGUAGE));
  return english;
}

describe('locales: every language has every key of en.json, with the same interpolation variables', () => {
  it('every language in LANGUAGES has a file in locales/', async () => {
    const missing: string[] = [];
    for (const language of LANGUAGES) {
      const response = await fetch(`/locales/${language}.json`);
      if (!response.ok) missing.push(`${language} (HTTP ${response.status})`);
    }
    expect(missing, `languages without a file: ${missing.join(', ')}`).to.deep.equal([]);
  });

  it(`${SOURCE_LANGUAGE} (the source): every value is a non-empty string`, async () => {
    const messages = await source();
    expect(messages.size, 'en.json has keys').to.be.above(0);
    for (const [key, value] of messages) {
      expect(typeof value === 'string' && value.trim() !== '', `${SOURCE_LANGUAGE}: ${key} is a non-empty string`).to.equal(true);
    }
  });

  for (const language of LANGUAGES.filter((tag) => tag !== SOURCE_LANGUAGE)) {
    it(language, async () => {
      const en = await source();
      const translated = flatten(await load(language));

      const missing = [...en.keys()].filter((key) => !translated.has(key));
      const extra = [...translated.keys()].filter((key) => !en.has(key));
      const problems: string[] = [];
      if (missing.length > 0) problems.push(`missing keys (in en.json, not here): ${missing.join(', ')}`);
      if (extra.length > 0) problems.push(`extra keys (not in en.json): ${extra.join(', ')}`);

      for (const [key, english] of en) {
        if (!translated.has(key)) continue;
        const text = translated.get(key);
        if (typeof text !== 'string' || text.trim() === '') {
          problems.push(`${key}: not a non-empty string (${JSON.stringify(text)})`);
          continue;
        }
        const expected = variables(english as string);
        const actual = variables(text);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          problems.push(`${key}: variables [${actual.join(', ')}], English has [${expected.join(', ')}]`);
        }
        if ((english as string).length >= MAY_MATCH_ENGLISH_BELOW && text.trim() === (english as string).trim()) {
          problems.push(`${key}: still the English text ${JSON.stringify(english)}`);
        }
      }
      expect(problems, `${language}:\n  ${problems.join('\n  ')}`).to.deep.equal([]);
    });
  }
});
