/**
 * Runs `run` in a task of its own, after the current one, in the order of the calls (one queue, one
 * MessageChannel: no timer clamping, and first asked, first run). Work that would make a long task when
 * joined to the current one goes here.
 */
export function nextTask(run: () => void): void {
  queue.push(run);
  if (queue.length > 1) return;
  if (typeof MessageChannel === 'undefined') {
    setTimeout(drainOne, 0);
    return;
  }
  channel ??= createChannel();
  channel.port2.postMessage(null);
}

const queue: (() => void)[] = [];
let channel: MessageChannel | undefined;

function createChannel(): MessageChannel {
  const created = new MessageChannel();
  created.port1.onmessage = drainOne;
  return created;
}

/** One queued piece of work per task; the next one gets a task of its own. */
function drainOne(): void {
  const run = queue.shift();
  if (queue.length > 0) {
    if (channel) channel.port2.postMessage(null);
    else setTimeout(drainOne, 0);
  }
  run?.();
}

/** Resolves in a task of its own (see `nextTask`). */
export function afterThisTask(): Promise<void> {
  return new Promise((resolve) => nextTask(resolve));
}

/**
 * Resolves in a task of its own that goes ahead of the work queued with `nextTask` (the tracker's
 * construction waits there): for what the visitor waits for, such as the banner's first render.
 */
export function taskAhead(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const ahead = new MessageChannel();
    ahead.port1.onmessage = () => {
      ahead.port1.close();
      resolve();
    };
    ahead.port2.postMessage(null);
  });
}

/** Something that happens once: `happened` resolves when `fire()` is first called. */
export function oneTimeSignal(): { happened: Promise<void>; fire: () => void } {
  let fire: () => void = () => {};
  const happened = new Promise<void>((resolve) => (fire = resolve));
  return { happened, fire };
}
