// The level table of the project, as assertions on what reached the collector and what the browser keeps.
import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  NULL_UUID,
  requestOf,
  sessionEntity,
  storedDeviceId,
  trackerState,
  type CapturedEvent,
  type CapturedRequest,
} from './harness.js';

const filled = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The event (and the request that carried it) send exactly what `level` allows. */
export function expectEventObeys(level: ConsentLevel, event: CapturedEvent, request: CapturedRequest, userId?: string): void {
  const session = sessionEntity(event);
  switch (level) {
    case 'full':
      if (userId) expect(event.uid, 'uid').to.equal(userId);
      expect(filled(event.duid), 'duid').to.equal(true);
      expect(filled(event.sid), 'sid').to.equal(true);
      expect(filled(event.vid), 'vid').to.equal(true);
      expect(session?.['userId'], 'client_session.userId').to.equal(event.duid);
      expect(request.headers.spAnonymous, 'SP-Anonymous').to.equal(null);
      break;
    case 'session':
      expect(filled(event.uid), 'uid').to.equal(false);
      expect(filled(event.duid), 'duid').to.equal(false);
      expect(filled(event.sid), 'sid').to.equal(true);
      expect(filled(event.vid), 'vid').to.equal(true);
      expect(session?.['userId'], 'client_session.userId').to.equal(NULL_UUID);
      expect(request.headers.spAnonymous, 'SP-Anonymous').to.equal(null);
      break;
    case 'anonymous':
    case 'cookieless':
      for (const field of ['uid', 'duid', 'sid', 'vid']) expect(filled(event[field]), field).to.equal(false);
      expect(session, 'client_session entity').to.equal(undefined);
      if (level === 'cookieless') {
        expect(request.headers.spAnonymous, 'SP-Anonymous').to.equal('*');
        expect(request.networkUserId, 'network user id').to.equal(NULL_UUID);
        expect(request.ipAddress, 'IP').to.equal('unknown');
      } else {
        expect(request.headers.spAnonymous, 'SP-Anonymous').to.equal(null);
      }
      break;
    case 'none':
      expect.fail(`an event left the page at level none: ${JSON.stringify(event)}`);
  }
}

/** The event, and the request of this app that carried it to the collector, send exactly what `level` allows. */
export async function expectSentAt(level: ConsentLevel, appId: string, event: CapturedEvent, userId?: string): Promise<void> {
  expectEventObeys(level, event, await requestOf(appId, event['eid'] as string), userId);
}

/**
 * The event sends nothing beyond what `level` allows (less is fine: an event tracked at one level and
 * sent after a downgrade leaves with what the lower level allows).
 */
export function expectEventWithin(level: ConsentLevel, event: CapturedEvent, request: CapturedRequest): void {
  const session = sessionEntity(event);
  const absent = (fields: string[]) => fields.forEach((field) => expect(filled(event[field]), field).to.equal(false));
  switch (level) {
    case 'full':
      return;
    case 'session':
      absent(['uid', 'duid']);
      if (session) expect(session['userId'], 'client_session.userId').to.equal(NULL_UUID);
      return;
    case 'anonymous':
    case 'cookieless':
      absent(['uid', 'duid', 'sid', 'vid']);
      expect(session, 'client_session entity').to.equal(undefined);
      if (level === 'cookieless') expect(request.headers.spAnonymous, 'SP-Anonymous').to.equal('*');
      return;
    case 'none':
      expect.fail(`an event left the page at level none: ${JSON.stringify(event)}`);
  }
}

/** Cookies and localStorage hold only what `level` allows. */
export function expectStorageObeys(level: ConsentLevel): void {
  const { cookies, storage } = trackerState();
  const idCookies = cookies.filter((name) => name.startsWith('_sp_id.'));
  const sessionCookies = cookies.filter((name) => name.startsWith('_sp_ses.'));
  const describe = JSON.stringify({ cookies, storage });
  switch (level) {
    case 'full':
      expect(idCookies.length, `_sp_id in ${describe}`).to.equal(1);
      expect(filled(storedDeviceId()), 'stored duid').to.equal(true);
      break;
    case 'session':
      expect(idCookies.length, `_sp_id in ${describe}`).to.equal(1);
      expect(storedDeviceId(), 'stored duid').to.equal('');
      expect(sessionCookies.length, `_sp_ses in ${describe}`).to.equal(1);
      break;
    case 'anonymous':
      expect(idCookies.concat(sessionCookies), describe).to.deep.equal([]);
      expect(
        storage.filter((key) => key.startsWith('_sp_')),
        describe,
      ).to.deep.equal([]);
      break;
    case 'cookieless':
    case 'none':
      expect(
        cookies.filter((name) => name.startsWith('_sp_')),
        describe,
      ).to.deep.equal([]);
      expect(storage, describe).to.deep.equal([]);
      break;
  }
}

/**
 * Cookies and localStorage hold nothing beyond what `level` allows (less is fine: right after a
 * downgrade the tracker has deleted its cookies and writes them again with the next event).
 */
export function expectStorageWithin(level: ConsentLevel): void {
  const { cookies, storage } = trackerState();
  const describe = JSON.stringify({ cookies, storage });
  const snowplowCookies = cookies.filter((name) => name.startsWith('_sp_'));
  switch (level) {
    case 'full':
      return;
    case 'session':
      expect(storedDeviceId() ?? '', `blank device id in ${describe}`).to.equal('');
      return;
    case 'anonymous':
      expect(snowplowCookies, describe).to.deep.equal([]);
      expect(
        storage.filter((key) => key.startsWith('_sp_')),
        describe,
      ).to.deep.equal([]);
      return;
    case 'cookieless':
    case 'none':
      expect(snowplowCookies, describe).to.deep.equal([]);
      expect(storage, describe).to.deep.equal([]);
  }
}
