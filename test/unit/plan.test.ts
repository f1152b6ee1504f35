import { expect } from '@open-wc/testing';
import { CONSENT_LEVELS, type ConsentLevel } from '../../src/consent/levels.js';
import { planAnonymize, planIdentify, planLevelChange, trackerModeFor, type TrackerCall } from '../../src/tracker/plan.js';

const context = { optOutCookieName: 'consent_banner_optout', userId: undefined, storedDeviceId: () => false };
const methods = (calls: TrackerCall[]) => calls.map((call) => call.method);

describe('level -> tracker plan (pure)', () => {
  it('maps each level to the measured tracker mode (options wrapped, strategy explicit)', () => {
    const table = Object.fromEntries(CONSENT_LEVELS.map((level) => [level, trackerModeFor(level)]));
    expect(table).to.deep.equal({
      full: { anonymousTracking: false, stateStorageStrategy: 'cookieAndLocalStorage' },
      session: { anonymousTracking: { withSessionTracking: true }, stateStorageStrategy: 'cookieAndLocalStorage' },
      anonymous: { anonymousTracking: {}, stateStorageStrategy: 'cookieAndLocalStorage' },
      cookieless: { anonymousTracking: { withServerAnonymisation: true }, stateStorageStrategy: 'none' },
      none: { anonymousTracking: { withServerAnonymisation: true }, stateStorageStrategy: 'none' },
    });
  });

  it('every downgrade clears user data after the mode call; no upgrade does', () => {
    for (const from of CONSENT_LEVELS) {
      for (const to of CONSENT_LEVELS) {
        if (from === to) continue;
        const plan = planLevelChange(from, to, context);
        const downgrade = CONSENT_LEVELS.indexOf(to) > CONSENT_LEVELS.indexOf(from);
        const names = methods(plan.calls);
        expect(names.includes('clearUserData'), `${from} -> ${to}`).to.equal(downgrade);
        if (downgrade)
          expect(names.indexOf('clearUserData')).to.be.greaterThan(
            names.indexOf(to === 'full' ? 'disableAnonymousTracking' : 'enableAnonymousTracking'),
          );
        const mode = plan.calls.find(
          (call) => call.method === 'enableAnonymousTracking' || call.method === 'disableAnonymousTracking',
        );
        expect(mode?.config.stateStorageStrategy, `${from} -> ${to} strategy`).to.equal(trackerModeFor(to).stateStorageStrategy);
      }
    }
  });

  it('every downgrade removes the stored queue; none: the opt-out cookie is written first and the tracker told', () => {
    const expectations: Record<ConsentLevel, [boolean, string]> = {
      full: [false, 'remove'],
      session: [true, 'remove'],
      anonymous: [true, 'remove'],
      cookieless: [true, 'remove'],
      none: [true, 'write'],
    };
    for (const level of CONSENT_LEVELS) {
      const plan = planLevelChange('full', level, context);
      expect([plan.removeOutQueue, plan.optOutCookie], level).to.deep.equal(expectations[level]);
    }
    // An upgrade keeps what was queued, unless the new level stores nothing.
    expect(planLevelChange('cookieless', 'session', context).removeOutQueue).to.equal(false);
    expect(planLevelChange('none', 'cookieless', context).removeOutQueue).to.equal(true);
    expect(planLevelChange('full', 'none', context).calls[0]).to.deep.equal({
      method: 'setOptOutCookie',
      name: 'consent_banner_optout',
    });
  });

  it('at page start (previous level unknown) everything below full is cleaned, but a blank-id session is kept', () => {
    expect(methods(planLevelChange(undefined, 'anonymous', context).calls)).to.deep.equal([
      'enableAnonymousTracking',
      'clearUserData',
    ]);
    expect(methods(planLevelChange(undefined, 'session', context).calls)).to.deep.equal(['enableAnonymousTracking']);
    expect(methods(planLevelChange(undefined, 'session', { ...context, storedDeviceId: () => true }).calls)).to.deep.equal([
      'enableAnonymousTracking',
      'clearUserData',
    ]);
    expect(methods(planLevelChange(undefined, 'full', context).calls)).to.deep.equal(['disableAnonymousTracking']);
  });

  it('the same level again changes nothing in the tracker', () => {
    for (const level of CONSENT_LEVELS) expect(planLevelChange(level, level, context).calls).to.deep.equal([]);
  });

  it('the user id is applied at full only', () => {
    const withUser = { ...context, userId: 'u1' };
    expect(planLevelChange('session', 'full', withUser).calls.at(-1)).to.deep.equal({ method: 'setUserId', userId: 'u1' });
    expect(methods(planLevelChange('full', 'session', withUser).calls)).not.to.include('setUserId');
    expect(planIdentify('full', 'u2').calls).to.deep.equal([{ method: 'setUserId', userId: 'u2' }]);
    expect(planIdentify('session', 'u2').calls).to.deep.equal([]);
    expect(methods(planAnonymize().calls)).to.deep.equal(['setUserId', 'clearUserData']);
  });
});
