import { expect } from '@open-wc/testing';
import { REOPEN_LABELS } from '../../src/core/reopen-labels.js';
import { LANGUAGES, resolveLanguage } from '../../src/util/language.js';

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
});

describe('the reopen control knows every shipped language', () => {
  it('REOPEN_LABELS has the reopen.label of each language in locales/, and no other', async () => {
    expect(Object.keys(REOPEN_LABELS).sort()).to.deep.equal([...LANGUAGES].sort());
    for (const language of LANGUAGES) {
      const messages = (await (await fetch(`/locales/${language}.json`)).json()) as { reopen: { label: string } };
      expect(REOPEN_LABELS[language], language).to.equal(messages.reopen.label);
    }
  });
});
