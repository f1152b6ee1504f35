import { expect } from '@open-wc/testing';
import { resolveConsentOptions, DEFAULT_OPTIONS } from '../../src/consent/options.js';
import { BUILT_IN_PURPOSES } from '../../src/consent/purposes.js';
import { kebabCase } from '../../src/util/text.js';
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

  describe('purposes', () => {
    it('none by default; the built-in ones, space or comma separated or as a list, in the order given, without duplicates', () => {
      expect(DEFAULT_OPTIONS.purposes).to.deep.equal([]);
      expect(BUILT_IN_PURPOSES).to.deep.equal(['functional', 'personalization', 'marketing']);
      for (const given of [' Marketing  functional,personalization marketing ', ['marketing', 'functional', 'personalization']]) {
        const { value, warnings } = quietly(() => resolveConsentOptions({ purposes: given }, 'a.b'));
        expect(warnings, JSON.stringify(given)).to.deep.equal([]);
        expect(value.purposes).to.deep.equal(['marketing', 'functional', 'personalization']);
      }
    });

    it('a custom purpose is used when declared in customPurposes; a built-in one declared there stays built in', () => {
      const { value, warnings } = quietly(() =>
        resolveConsentOptions({ purposes: 'chat functional', customPurposes: ['chat', 'functional', 'ab-tests'] }, 'a.b'),
      );
      expect(warnings).to.deep.equal([]);
      expect(value.purposes).to.deep.equal(['chat', 'functional']);
      expect(value.customPurposes).to.deep.equal(['chat', 'ab-tests']);
    });

    it('any other name is dropped with a warning naming the setting, the value given and the value used', () => {
      const { value, warnings } = quietly(() => resolveConsentOptions({ purposes: 'marketing ads analytics' }, 'a.b', kebabCase));
      expect(value.purposes).to.deep.equal(['marketing']);
      expect(warnings).to.deep.equal([
        '[consent-banner] purposes="marketing ads analytics" names purposes that are neither built in (functional, personalization, marketing) nor custom (custom-purposes): "ads", "analytics"; using ["marketing"] instead.',
      ]);
    });

    it('a value that is no list, or custom names that are no purpose names or name a measurement scope, warn and are dropped', () => {
      const notAList = quietly(() => resolveConsentOptions({ purposes: { marketing: true }, customPurposes: 3 }, 'a.b'));
      expect([notAList.value.purposes, notAList.value.customPurposes]).to.deep.equal([[], []]);
      expect(notAList.warnings.length).to.equal(2);

      const custom = quietly(() =>
        resolveConsentOptions({ purposes: 'chat full', customPurposes: 'chat full cookies 9lives ok_name' }, 'a.b'),
      );
      expect(custom.value.customPurposes).to.deep.equal(['chat', 'ok_name']);
      expect(custom.value.purposes).to.deep.equal(['chat']);
      expect(custom.warnings[0])
        .to.contain('customPurposes="chat full cookies 9lives ok_name"')
        .and.contain('"full", "cookies", "9lives"');
      expect(custom.warnings[1]).to.contain('purposes="chat full"').and.contain('"full"');
    });

    it('at most 16 purposes, so that every answer fits in the cookie', () => {
      const names = Array.from({ length: 18 }, (_, i) => `p${i}`);
      const { value, warnings } = quietly(() => resolveConsentOptions({ purposes: names, customPurposes: names }, 'a.b'));
      expect(value.purposes).to.deep.equal(names.slice(0, 16));
      expect(warnings[0]).to.contain('more than 16 purposes');
    });
  });
});
