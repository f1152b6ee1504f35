import { expect } from '@open-wc/testing';
import { resolveLanguage } from '../../src/i18n/language.js';

describe('language resolution (pure)', () => {
  const available = ['en', 'de', 'fr', 'pt', 'pt-br'];
  it('full tag, then base language, then English', () => {
    expect(resolveLanguage(['de-AT'], available)).to.equal('de');
    expect(resolveLanguage(['PT-BR'], available)).to.equal('pt-br');
    expect(resolveLanguage(['xx', undefined, 'fr-CA'], available)).to.equal('fr');
    expect(resolveLanguage(['ja'], available)).to.equal('en');
  });
});
