/**
 * An IAB TCF v2.2 CMP, through its `__tcfapi` only (the stub every CMP puts first in the page):
 * `__tcfapi('addEventListener', 2, callback)` hears the TC data on load and after every change, and
 * `removeEventListener` with the listener id lets go. Keys: `purpose:<n>` (consent given for purpose n),
 * `vendor:<id>` (consent given to the vendor), `special-feature:<n>` (opted in).
 */
import { warn } from '../util/log.js';
import { pageGlobals, type ExternalConsent } from './source.js';

interface TcData {
  tcString?: string;
  eventStatus?: 'tcloaded' | 'cmpuishown' | 'useractioncomplete';
  gdprApplies?: boolean;
  listenerId?: number;
  purpose?: { consents?: Record<string, boolean> };
  vendor?: { consents?: Record<string, boolean> };
  specialFeatureOptins?: Record<string, boolean>;
}
type TcfApi = (
  command: string,
  version: number,
  callback: (data: TcData | null, success: boolean) => void,
  parameter?: unknown,
) => void;

const KEY_PATTERN = /^(purpose|vendor|special-feature):(\d+)$/;

export const tcfConsent: ExternalConsent = {
  watch(report) {
    const tcfapi = pageGlobals<{ __tcfapi?: unknown }>().__tcfapi;
    if (typeof tcfapi !== 'function') {
      warn(
        'consent-source="tcf": the page has no __tcfapi (the CMP\'s stub must come before this script); the default level applies.',
      );
      return () => {};
    }
    const api = tcfapi as TcfApi;
    let listenerId: number | undefined;
    let stopped = false;
    api('addEventListener', 2, (data, success) => {
      if (!success || !data || stopped) return;
      listenerId = data.listenerId ?? listenerId;
      // Outside the GDPR the CMP holds no consent to read: nothing is granted by it, the default applies.
      if (data.gdprApplies === false) return report(undefined);
      if (data.eventStatus === 'cmpuishown') {
        // Its banner asks: without a TC string there is no decision; with one, the one in force still is.
        if (!data.tcString) report(undefined);
        return;
      }
      if (!data.tcString) return;
      report((key) => {
        const [, kind, id] = KEY_PATTERN.exec(key) ?? [];
        if (id === undefined) return false;
        const choices =
          kind === 'purpose' ? data.purpose?.consents : kind === 'vendor' ? data.vendor?.consents : data.specialFeatureOptins;
        return choices?.[id] === true;
      });
    });
    return () => {
      stopped = true;
      if (listenerId !== undefined) api('removeEventListener', 2, () => {}, listenerId);
    };
  },
};
