import { expect } from '@open-wc/testing';
import { resolveConsentOptions, DEFAULT_OPTIONS } from '../../src/consent/options.js';
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
