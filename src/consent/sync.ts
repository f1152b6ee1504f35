import { ownValue } from '../util/own.js';

/** A decision made in one tab, as told to the others. `value` is the stored record, undefined after a reset. */
export interface SyncMessage {
  value: string | undefined;
}

export interface TabSync {
  publish(message: SyncMessage): void;
  close(): void;
}

/**
 * Tells the other open tabs of the site about a new decision. They re-validate the record themselves,
 * so a message can never push a level that the stored-record rules would refuse.
 */
export function openTabSync(channelName: string, onMessage: (message: SyncMessage) => void): TabSync {
  // Outside a browser (Node has BroadcastChannel) there are no tabs, and an open channel keeps the process alive.
  if (typeof BroadcastChannel === 'undefined' || typeof window === 'undefined') return { publish() {}, close() {} };
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(channelName);
  } catch {
    return { publish() {}, close() {} };
  }
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data !== 'object' || data === null) return;
    const value = ownValue(data, 'value');
    if (value === undefined || typeof value === 'string') onMessage({ value });
  };
  return {
    publish(message) {
      try {
        channel.postMessage(message);
      } catch {
        // A closed channel: this tab is going away.
      }
    },
    close() {
      channel.close();
    },
  };
}
