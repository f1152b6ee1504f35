// Small statistics, plain-text tables, and how busy the machine was.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export function quantile(values, q) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values) => quantile(values, 0.5);
export const p90 = (values) => quantile(values, 0.9);

/** {median, p90, n} of a list (non-numbers dropped). */
export function summary(values) {
  const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return {
    median: median(numbers),
    p90: p90(numbers),
    min: numbers.length ? Math.min(...numbers) : undefined,
    n: numbers.length,
  };
}

export function fmt(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return '-';
  if (typeof value !== 'number') return String(value);
  return value.toFixed(digits);
}

export function bytes(value) {
  return value === undefined ? '-' : String(value);
}

export function kib(value) {
  return value === undefined ? '-' : `${(value / 1024).toFixed(1)}`;
}

/** A plain table: columns [{title, align: 'left'|'right'}], rows of cells. */
export function table(columns, rows) {
  const cells = rows.map((row) => row.map((cell) => (cell === undefined || cell === null ? '-' : String(cell))));
  const widths = columns.map((column, i) => Math.max(column.title.length, ...cells.map((row) => (row[i] ?? '').length)));
  const pad = (text, i) => (columns[i].align === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const line = (row) =>
    row
      .map((cell, i) => pad(cell ?? '', i))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Every process: parent, own CPU ticks (utime + stime) and start time (to tell reused pids apart). */
function readProcesses() {
  const processes = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The fields after the command (which may hold spaces) start after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), start: fields[19] });
    } catch {
      // The process ended meanwhile.
    }
  }
  return processes;
}

/**
 * How busy the machine was between creation and `read()`, from /proc: all CPU time, the part this benchmark
 * used (this process and every descendant: Chromium and its helpers, servers), and so what other processes
 * took. Descendants are sampled every 250 ms so those that exit (killed browsers) are still counted.
 */
export function cpuMeter() {
  const machine = () => {
    try {
      const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
      return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal: steal ?? 0 };
    } catch {
      return undefined;
    }
  };
  /** key pid:start -> {first ticks seen, last ticks seen} of processes in our tree. */
  const tree = new Map();
  const members = new Set([process.pid]);
  let initial = true;
  const sample = () => {
    const processes = readProcesses();
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, info] of processes) {
        if (!members.has(pid) && members.has(info.ppid)) {
          members.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of members) {
      const info = processes.get(pid);
      if (!info) continue;
      const key = `${pid}:${info.start}`;
      const known = tree.get(key);
      if (known) known.last = info.ticks;
      else tree.set(key, { first: initial ? info.ticks : 0, last: info.ticks });
    }
    initial = false;
  };
  const first = machine();
  try {
    sample();
  } catch {
    // No /proc: only the load average is reported.
  }
  const timer = setInterval(() => {
    try {
      sample();
    } catch {
      clearInterval(timer);
    }
  }, 250);
  timer.unref();
  return {
    read() {
      clearInterval(timer);
      try {
        sample();
      } catch {
        // Keep what was sampled.
      }
      const last = machine();
      const load = os.loadavg()[0];
      if (!first || !last) return { load };
      const busy = last.busy - first.busy;
      const steal = last.steal - first.steal;
      const total = busy + steal + (last.idle - first.idle);
      let ownTicks = 0;
      for (const { first: start, last: end } of tree.values()) ownTicks += end - start;
      const own = Math.min(busy, ownTicks);
      const pct = (ticks) => (total ? (ticks / total) * 100 : undefined);
      return { busyPct: pct(busy), ownPct: pct(own), otherPct: pct(busy - own), stealPct: pct(steal), load };
    },
  };
}
