import { expect } from '@open-wc/testing';
import { hasStoredDeviceId } from '../../src/tracker/adapter.js';

describe('stored device id detection (pure)', () => {
  it('sees a device id in _sp_id cookies or their localStorage copies, not a blank one', () => {
    const none = () => null;
    expect(hasStoredDeviceId('_sp_id.1fff=abc.1700000000.1.1700000000..sid', [], none)).to.equal(true);
    expect(hasStoredDeviceId('a=b; _sp_id.1fff=.1700000000.1.1700000000..sid', [], none)).to.equal(false);
    expect(hasStoredDeviceId('', ['_sp_id.1fff'], () => 'abc.1')).to.equal(true);
    expect(hasStoredDeviceId('other=1', ['x'], none)).to.equal(false);
  });
});
