import { expect } from '@open-wc/testing';
import { REOPEN_LABELS } from '../../src/core/reopen-labels.js';
import { CHOICES_LABELS } from '../../src/core/choices-labels.js';
import { englishPlaceholderTexts } from '../../src/blocking/placeholder.js';
import { LANGUAGES, lookupTags, resolveLanguage } from '../../src/util/language.js';
import { BUILT_IN_PURPOSES } from '../../src/consent/purposes.js';

describe('language resolution (pure)', () => {
  const available = ['en', 'de', 'fr', 'pt', 'pt-br'];
  it('full tag, then base language, then English', () => {
    expect(resolveLanguage(['de-AT'], available)).to.equal('de');
    expect(resolveLanguage(['PT-BR'], available)).to.equal('pt-br');
    expect(resolveLanguage(['xx', undefined, 'fr-CA'], available)).to.equal('fr');
    expect(resolveLanguage(['ja'], available)).to.equal('en');
  });

  it('Norwegian (no, nn) gets Bokmål (nb), unless the site has the tag itself', () => {
    const norwegian = ['en', 'nb'];
    expect(resolveLanguage(['no'], norwegian)).to.equal('nb');
    expect(resolveLanguage(['nn-NO'], norwegian)).to.equal('nb');
    expect(resolveLanguage(['NO-no'], norwegian)).to.equal('nb');
    expect(resolveLanguage(['nb-NO'], norwegian)).to.equal('nb');
    expect(resolveLanguage(['nn'], [...norwegian, 'nn'])).to.equal('nn');
    expect(resolveLanguage(['no'], ['en', 'de'])).to.equal('en');
  });

  it('a script comes before a region; a region implies its script', () => {
    expect(lookupTags('zh-Hant-TW')).to.deep.equal(['zh-hant-tw', 'zh-hant', 'zh-tw', 'zh']);
    expect(lookupTags('zh_TW')).to.deep.equal(['zh-tw', 'zh-hant-tw', 'zh-hant', 'zh']);
    expect(lookupTags('sr-Latn')).to.deep.equal(['sr-latn', 'sr']);
    expect(lookupTags('de')).to.deep.equal(['de']);
    // A site that adds Traditional Chinese reaches every region written in it.
    const traditional = ['en', 'zh', 'zh-hant'];
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh_Hant_TW']) {
      expect(resolveLanguage([tag], traditional), tag).to.equal('zh-hant');
    }
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans']) expect(resolveLanguage([tag], traditional), tag).to.equal('zh');
    // A serbian reader of Latin script is not given the Cyrillic file of the site's region.
    expect(resolveLanguage(['sr-Latn-RS'], ['en', 'sr-rs', 'sr-latn'])).to.equal('sr-latn');
  });

  it('tags that are not well formed still give their first part, never an exception', () => {
    expect(lookupTags('x-pirate')).to.deep.equal(['x-pirate', 'x']);
    expect(lookupTags('de-!!')).to.deep.equal(['de-!!', 'de']);
    expect(resolveLanguage(['de-!!'], available)).to.equal('de');
    expect(resolveLanguage(['', '  ', 'und', 'x-pirate'], available)).to.equal('en');
  });
});

/** `pt-br` -> `pt-br`, `PT-BR`, `Pt-br`, `pt-BR`, `PT-br`, and each with `_`. */
function spellings(tag: string): string[] {
  const [language = tag, ...rest] = tag.split('-');
  const forms = [
    tag,
    tag.toUpperCase(),
    tag.charAt(0).toUpperCase() + tag.slice(1),
    [language, ...rest.map((part) => part.toUpperCase())].join('-'),
    [language.toUpperCase(), ...rest].join('-'),
  ];
  return [...new Set([...forms, ...forms.map((form) => form.replace(/-/g, '_'))])];
}

describe('every shipped language, however a page writes it', () => {
  const shipped: readonly string[] = LANGUAGES;

  for (const tag of LANGUAGES) {
    const [language = tag, region] = tag.split('-');
    it(`${tag}: any case, "_" for "-", an added region${region ? ' or script' : ''}`, () => {
      for (const spelling of spellings(tag)) expect(resolveLanguage([spelling], shipped), spelling).to.equal(tag);
      const extended = region
        ? // The region is already in the tag: a script or an extension adds nothing we ship.
          [`${language}-Latn-${region.toUpperCase()}`, `${language}_${region.toUpperCase()}-u-nu-latn`]
        : [`${language}-CH`, `${language.toUpperCase()}_GB`, `${language}-419`, `${language}-US-u-ca-gregory`];
      for (const spelling of extended) expect(resolveLanguage([spelling], shipped), spelling).to.equal(tag);
    });
  }

  it('a region not shipped gets its parent language', () => {
    for (const tag of LANGUAGES.filter((language) => language.includes('-'))) {
      const parent = tag.split('-')[0]!;
      expect(shipped, `${parent}, parent of ${tag}, ships`).to.include(parent);
      expect(resolveLanguage([`${parent}-ZZ`], shipped), `${parent}-ZZ`).to.equal(parent);
    }
  });

  const common: Record<string, string> = {
    'pt-BR': 'pt-br',
    pt_BR: 'pt-br',
    'PT-br': 'pt-br',
    'pt-br': 'pt-br',
    'pt-Latn-BR': 'pt-br',
    'pt-PT': 'pt',
    'pt-AO': 'pt',
    'zh-CN': 'zh',
    'zh-Hans': 'zh',
    'zh-Hans-CN': 'zh',
    // Only Simplified Chinese ships; its readers of Traditional read it better than English.
    'zh-TW': 'zh',
    'zh-Hant-TW': 'zh',
    'zh-HK': 'zh',
    'es-419': 'es',
    'es-MX': 'es',
    'es-ES': 'es',
    'en-GB': 'en',
    'en-US': 'en',
    'en-GB-oxendict': 'en',
    'de-AT': 'de',
    'de-CH': 'de',
    'fr-CA': 'fr',
    'fr-BE': 'fr',
    'nl-BE': 'nl',
    'sv-FI': 'sv',
    'ga-IE': 'ga',
    'el-CY': 'el',
    'ar-EG': 'ar',
    'he-IL': 'he',
    iw: 'he',
    'iw-IL': 'he',
    'ja-JP': 'ja',
    'ko-KR': 'ko',
    'uk-UA': 'uk',
    'tr-TR': 'tr',
    no: 'nb',
    'nn-NO': 'nb',
    'nb-NO': 'nb',
    // Serbian does not ship: its Latin script is not Croatian to its readers.
    'sr-Latn': 'en',
    'sr-Latn-RS': 'en',
    'sr-Cyrl': 'en',
  };
  it('common regional spellings', () => {
    for (const [written, expected] of Object.entries(common)) {
      expect(resolveLanguage([written], shipped), written).to.equal(expected);
    }
  });

  it('the browser languages follow the page language in the same way', () => {
    expect(resolveLanguage([null, 'xx-YY', 'pt_BR', 'en'], shipped)).to.equal('pt-br');
    expect(resolveLanguage([undefined, 'tlh', 'en-GB'], shipped)).to.equal('en');
  });
});

describe("the eager stage's own texts match locales/", () => {
  for (const [kind, labels] of [
    ['reopen', REOPEN_LABELS],
    ['choices', CHOICES_LABELS],
  ] as const) {
    it(`the way back's ${kind}.label of each language in locales/, and no other`, async () => {
      expect(Object.keys(labels).sort()).to.deep.equal([...LANGUAGES].sort());
      for (const language of LANGUAGES) {
        const messages = (await (await fetch(`/locales/${language}.json`)).json()) as Record<string, { label: string }>;
        expect(labels[language], language).to.equal(messages[kind]!.label);
      }
    });
  }

  it("the placeholders' English (without the UI stage) is locales/en.json's", async () => {
    const en = (await (await fetch('/locales/en.json')).json()) as Record<string, Record<string, unknown>>;
    const { translate } = englishPlaceholderTexts;
    for (const key of Object.keys(en['placeholder']!)) {
      expect(translate(`placeholder.${key}`), key).to.equal(en['placeholder']![key]);
    }
    for (const purpose of BUILT_IN_PURPOSES) {
      expect(translate(`purposes.${purpose}.title`)).to.equal((en['purposes']![purpose] as { title: string }).title);
    }
    expect(translate('placeholder.text', { service: 'YouTube', purposes: 'Functional' })).to.equal(
      'This content from YouTube needs your consent for: Functional.',
    );
    expect(translate('purposes.chat.title', { defaultValue: 'chat' }), "a site's own purpose: its name").to.equal('chat');
  });
});
