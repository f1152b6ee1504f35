import { expect } from '@open-wc/testing';
import { resolveConsentOptions, DEFAULT_OPTIONS } from '../../src/consent/options.js';
import { hasStoredDeviceId } from '../../src/tracker/adapter.js';
import { resolveLanguage } from '../../src/i18n/language.js';
import { quietly } from '../support/warnings.js';

describe('settings validation (pure)', () => {
  it('defaults', () => {
    expect(quietly(() => resolveConsentOptions({}, 'shop.example.com'))).to.deep.equal({ value: DEFAULT_OPTIONS, warnings: [] });
  });

  it('accepts good values, trimming and lower-casing levels', () => {
    const { value, warnings } = quietly(() =>
      resolveConsentOptions(
        { acceptLevel: ' Session ', cookieDays: '30', cookieDomain: '.example.com', ignoreDnt: '' },
        'shop.example.com',
      ),
    );
    expect(warnings).to.deep.equal([]);
    expect(value).to.include({ acceptLevel: 'session', cookieDays: 30, cookieDomain: 'example.com', ignoreDnt: true });
  });

  it('a reject level above the accept level is lowered to it', () => {
    const { value, warnings } = quietly(() => resolveConsentOptions({ acceptLevel: 'anonymous', rejectLevel: 'full' }, 'a.b'));
    expect(value.rejectLevel).to.equal('anonymous');
    expect(warnings[0]).to.contain('rejectLevel="full"');
  });
});

describe('stored device id detection (pure)', () => {
  it('sees a device id in _sp_id cookies or their localStorage copies, not a blank one', () => {
    const none = () => null;
    expect(hasStoredDeviceId('_sp_id.1fff=abc.1700000000.1.1700000000..sid', [], none)).to.equal(true);
    expect(hasStoredDeviceId('a=b; _sp_id.1fff=.1700000000.1.1700000000..sid', [], none)).to.equal(false);
    expect(hasStoredDeviceId('', ['_sp_id.1fff'], () => 'abc.1')).to.equal(true);
    expect(hasStoredDeviceId('other=1', ['x'], none)).to.equal(false);
  });
});

describe('language resolution (pure)', () => {
  const available = ['en', 'de', 'fr', 'pt', 'pt-br'];
  it('full tag, then base language, then English', () => {
    expect(resolveLanguage(['de-AT'], available)).to.equal('de');
    expect(resolveLanguage(['PT-BR'], available)).to.equal('pt-br');
    expect(resolveLanguage(['xx', undefined, 'fr-CA'], available)).to.equal('fr');
    expect(resolveLanguage(['ja'], available)).to.equal('en');
  });
});
