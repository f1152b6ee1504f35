import { expect } from '@open-wc/testing';
import type { ConsentBridge, LevelChange } from '../../src/consent/bridge.js';
import { setupConsent } from '../../src/setup.js';

describe('setupConsent({ bridges }): a site drives its own consumers of the level', () => {
  afterEach(() => {
    document.cookie = 'bridges_test=; Path=/; Max-Age=0';
  });

  it('a given bridge hears the first level and every change, and is let go on dispose', () => {
    const heard: (LevelChange | 'disposed')[] = [];
    const bridge: ConsentBridge = {
      applyLevel: (change) => heard.push(change),
      dispose: () => heard.push('disposed'),
    };
    const manager = setupConsent({ cookieName: 'bridges_test', consentEvents: false, gatedContent: false, bridges: [bridge] });
    manager.start();
    manager.setLevel('session');
    manager.dispose();
    expect(heard).to.deep.equal([
      { from: undefined, to: 'cookieless', userId: undefined, purposes: new Set() },
      { from: 'cookieless', to: 'session', userId: undefined, purposes: new Set() },
      'disposed',
    ]);
  });
});
