import { openDatabase, type Database } from "./connection";
import type { OutboxItem, Progress, WaymarkEvent } from "./records";
import { createEventRedactor } from "./redact";
import { applyRetention, OUTBOX_MAX } from "./retention";
export { DB_NAME, DB_VERSION } from "./schema";

/**
 * Local data on IndexedDB (database `waymark`), with an in-memory fallback so that a browser
 * without storage (private mode, quota, a blocked upgrade, a deleted database) never loses
 * the session: Waymark keeps working and says why in the debug diagnostics.
 *
 * Events are redacted when recorded and then only queued: one transaction writes a whole
 * batch off the host's critical path. A page can unload before the next batch (a click on a
 * link right after a step appeared), or while a batch's transaction is still running (the
 * unload aborts it): on `pagehide` whatever is not in the database yet (queued, being written,
 * or held in memory) is copied synchronously to sessionStorage and written again by the next
 * page of the tab; event ids make that second write idempotent. Progress writes are rare and
 * go out at once.
 *
 * When the connection goes away mid-session (another tab upgrades or deletes the database,
 * the browser closes it), the store reopens once; what it could not write meanwhile waits in
 * memory and is written when the database is back. Reads merge the database with memory.
 */

/** sessionStorage key holding what was queued when the page was hidden. */
const PENDING_KEY = "waymark.pending";
/** A burst this large is written soon (in its own task) instead of waiting for the timer. */
const EAGER_BATCH = 500;
/**
 * Records per transaction. Each put costs the main thread a serialization and an IPC hop
 * (~0.1–0.4 ms in Chromium), so a large batch is cut into transactions of this size with a
 * yield to the event loop between them, keeping every task well under the 50 ms long-task line.
 */
const CHUNK = 50;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/**
 * When the browser closes a connection itself (site data cleared, a disk error), it refuses new
 * ones with an AbortError ("The connection was closed.") until it has torn the old database
 * down, a few milliseconds later in Chromium. So a reopen after a lost connection waits this
 * long first, and one refused with an AbortError is tried once more after `REOPEN_RETRY_MS`.
 */
const REOPEN_DELAY_MS = 50;
const REOPEN_RETRY_MS = 250;

export interface StoreOptions {
  retention: { days: number; maxEvents: number };
  /** Called when IndexedDB cannot be used (now) and Waymark falls back to memory. */
  onFallback: (reason: string) => void;
  /** Called when the database is usable again after a fallback. */
  onRecovered?: (how: string) => void;
  /** Milliseconds to wait for `indexedDB.open` before giving up on it. Default 3000. */
  openTimeoutMs?: number;
  /** Milliseconds between batched event writes. Default 200. */
  flushDelayMs?: number;
  /** Called when another tab changed progress (BroadcastChannel), or its change is read after a reconnect. */
  onRemoteProgress?: (progress: Progress) => void;
  /** Extra key names or `/patterns/` to redact (config `redact`). */
  redact?: readonly string[];
}

/** The export queue (OpenTelemetry), kept in IndexedDB so that it survives going offline. */
export interface Outbox {
  /** Queues events for export; written with the next batch. */
  add(events: readonly WaymarkEvent[]): void;
  /** The oldest waiting items. */
  peek(limit: number): Promise<OutboxItem[]>;
  remove(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
}

export interface WaymarkStore {
  /** Where data is written now. */
  mode(): "indexeddb" | "memory";
  /** Redacts and queues an event; it is written with the next batch. Returns what is stored. */
  record(event: WaymarkEvent): WaymarkEvent;
  /** Writes queued events now. */
  flush(): Promise<void>;
  /** All stored events (database and memory merged), oldest first. */
  events(): Promise<WaymarkEvent[]>;
  progress(): Promise<Progress[]>;
  putProgress(progress: Progress): Promise<void>;
  outbox: Outbox;
  /** Deletes every record Waymark keeps. */
  clear(): Promise<void>;
  close(): void;
}

export function createStore(options: StoreOptions): WaymarkStore {
  const redact = createEventRedactor(options.redact ?? []);
  /** Events not (yet) in the database, by id: written when it is back. */
  const memoryEvents = new Map<string, WaymarkEvent>();
  const memoryOutbox = new Map<string, OutboxItem>();
  /** Every progress record known, and the guides whose record is not in the database yet. */
  const memoryProgress = new Map<string, Progress>();
  const unsavedProgress = new Set<string>();
  let queue: WaymarkEvent[] = [];
  let outboxQueue: OutboxItem[] = [];
  /** The batch being written: an unload aborts its transaction, so `pagehide` copies it too. */
  let inFlight: { events: WaymarkEvent[]; outbox: OutboxItem[] } = { events: [], outbox: [] };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let db: Database | undefined;
  /** False after a quota error: the database is still read, but writes stay in memory. */
  let writable = true;
  let reopened = false;
  let inFallback = false;
  let closed = false;

  let channel: BroadcastChannel | undefined;
  try {
    channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("waymark") : undefined;
  } catch {
    channel = undefined; // Opaque origins (sandboxed iframes) refuse channels.
  }
  if (channel)
    channel.onmessage = (e: MessageEvent) => remoteProgress(e.data as Progress | undefined);

  function remoteProgress(p: Progress | undefined) {
    if (!p || typeof p.guide !== "string" || typeof p.updatedAt !== "number") return;
    const known = memoryProgress.get(p.guide);
    if (known && known.updatedAt >= p.updatedAt) return;
    memoryProgress.set(p.guide, p);
    options.onRemoteProgress?.(p);
  }

  const win = typeof window === "undefined" ? undefined : window;
  const onPageHide = (event: Event) => {
    // Not yet in the database: queued, being written (the unload aborts that transaction), or
    // kept in memory because the database is unusable (the next page may have it back).
    const unwritten = [...memoryEvents.values(), ...inFlight.events, ...queue];
    const unsent = [...memoryOutbox.values(), ...inFlight.outbox, ...outboxQueue];
    if (unwritten.length === 0 && unsent.length === 0) return;
    try {
      const pending = readPending(win?.sessionStorage.getItem(PENDING_KEY) ?? null);
      const events = [...pending.events, ...unwritten].slice(-500);
      const outbox = [...pending.outbox, ...unsent].slice(-500);
      win?.sessionStorage.setItem(PENDING_KEY, JSON.stringify({ events, outbox }));
    } catch {
      // Storage full or disabled: the flush below is the only chance.
    }
    // Entering the back/forward cache: a transaction finishing while the page is frozen would
    // get it evicted. The queue stays in memory and is written if the page comes back; if it
    // is discarded instead, the next page of the tab writes the copy above.
    if ((event as PageTransitionEvent).persisted) return;
    void flush();
  };
  win?.addEventListener("pagehide", onPageHide);
  // What the previous page of this tab queued but may not have written.
  try {
    const pending = readPending(win?.sessionStorage.getItem(PENDING_KEY) ?? null);
    win?.sessionStorage.removeItem(PENDING_KEY);
    queue.push(...pending.events);
    outboxQueue.push(...pending.outbox);
  } catch {
    // Unreadable leftovers are dropped; nothing else depends on them.
  }

  function fallBack(reason: string) {
    if (inFallback || closed) return;
    inFallback = true;
    options.onFallback(reason);
  }

  /**
   * Drops the connection; reopens it once per session when `reopen` says that may help, after
   * `delayMs` (the browser may still be tearing the old connection down).
   */
  function lose(reason: string, reopen: boolean, delayMs = 0) {
    const old = db;
    db = undefined;
    try {
      old?.close();
    } catch {
      // Already closed.
    }
    if (closed) return;
    if (reopen && !reopened) {
      reopened = true;
      ready = connect(reason, delayMs);
    } else {
      fallBack(reason);
    }
  }

  /** Opens the database; `lostBecause` (a reopen) waits `delayMs` and may retry once. */
  function connect(lostBecause?: string, delayMs = 0): Promise<void> {
    return new Promise<void>((resolve) => {
      const attempt = (mayRetry: boolean) => {
        if (closed) return resolve();
        /** This attempt's connection: its events only count while it is the one in use. */
        let connection: Database | undefined;
        const current = () => connection !== undefined && connection === db;
        openDatabase(
          {
            blocked() {
              // An older connection in another tab holds the upgrade: carry on in memory now,
              // and move to the database when that tab lets go (see `onLate`).
              fallBack(
                "another tab keeps an older version of the database open, so the upgrade waits for it",
              );
              resolve();
            },
            // A connection already given up on (a write found it closing, so it is being
            // reopened) still fires `close`: that must not count as a second loss.
            versionChange: (deleted) => {
              if (!current()) return;
              lose(
                deleted
                  ? "another tab deleted the database"
                  : "another tab is upgrading the database to a newer Waymark",
                true,
              );
            },
            terminated: () => {
              if (!current()) return;
              lose("the browser closed the database connection", true, REOPEN_DELAY_MS);
            },
          },
          options.openTimeoutMs ?? 3000,
          (late) => {
            connection = late;
            void attach(late, "the database opened late");
          },
        ).then(
          async (opened) => {
            connection = opened;
            await attach(opened, lostBecause ? `reopened after ${lostBecause}` : undefined);
            resolve();
          },
          (error: unknown) => {
            // Refused while the browser still tears the lost connection down: once more, later.
            if (lostBecause && mayRetry && errorName(error) === "AbortError") {
              setTimeout(() => attempt(false), REOPEN_RETRY_MS);
              return;
            }
            fallBack(
              lostBecause
                ? `${lostBecause}, and reopening failed: ${describe(error)}`
                : describe(error),
            );
            resolve();
          },
        );
      };
      if (delayMs > 0) setTimeout(() => attempt(true), delayMs);
      else attempt(true);
    });
  }

  /** Starts using a connection: retention, then whatever waited in memory, then what other tabs wrote. */
  async function attach(opened: Database, recovered?: string) {
    if (closed || db === opened) {
      if (closed) opened.close();
      return;
    }
    db = opened;
    writable = true;
    try {
      await applyRetention(opened, options.retention);
      await writeMemory(opened);
      for (const p of await opened.getAll("progress")) remoteProgress(p);
    } catch (error) {
      onWriteError(error);
      return;
    }
    const wasInFallback = inFallback;
    inFallback = false;
    if (wasInFallback || recovered)
      options.onRecovered?.(recovered ?? "the database became available");
  }

  /** Writes what waited in memory in one transaction; progress only where it is newer. */
  async function writeMemory(target: Database) {
    if (memoryEvents.size === 0 && memoryOutbox.size === 0 && unsavedProgress.size === 0) return;
    const events = [...memoryEvents.values()];
    const outbox = [...memoryOutbox.values()];
    const progress = [...unsavedProgress]
      .map((guide) => memoryProgress.get(guide))
      .filter((p): p is Progress => !!p);
    const tx = target.transaction(["events", "outbox", "progress"], "readwrite");
    for (const event of events) void tx.objectStore("events").put(event);
    for (const item of outbox) void tx.objectStore("outbox").put(item);
    const progressStore = tx.objectStore("progress");
    await Promise.all(
      progress.map(async (p) => {
        const stored = await progressStore.get(p.guide);
        if (!stored || stored.updatedAt <= p.updatedAt) await progressStore.put(p);
      }),
    );
    await tx.done;
    for (const event of events) memoryEvents.delete(event.id);
    for (const item of outbox) memoryOutbox.delete(item.id);
    for (const p of progress) unsavedProgress.delete(p.guide);
  }

  /** Quota and unknown aborts keep the session in memory; a lost connection is reopened once. */
  function onWriteError(error: unknown) {
    const name = errorName(error);
    if (name === "InvalidStateError" || name === "UnknownError" || name === "NotFoundError") {
      lose(`the database connection was lost (${describe(error)})`, true, REOPEN_DELAY_MS);
    } else {
      writable = false;
      fallBack(
        name === "QuotaExceededError"
          ? "the browser's storage quota for this site is used up (QuotaExceededError)"
          : describe(error),
      );
    }
  }

  function stash(events: readonly WaymarkEvent[], outbox: readonly OutboxItem[]) {
    for (const event of events) memoryEvents.set(event.id, event);
    for (const item of outbox) memoryOutbox.set(item.id, item);
    // Memory is bounded like the database: the oldest go first.
    for (const key of memoryEvents.keys()) {
      if (memoryEvents.size <= options.retention.maxEvents) break;
      memoryEvents.delete(key);
    }
    for (const key of memoryOutbox.keys()) {
      if (memoryOutbox.size <= OUTBOX_MAX) break;
      memoryOutbox.delete(key);
    }
  }

  async function writeBatch(events: WaymarkEvent[], outbox: OutboxItem[]) {
    for (let start = 0; start < Math.max(events.length, outbox.length); start += CHUNK) {
      const chunkEvents = events.slice(start, start + CHUNK);
      const chunkOutbox = outbox.slice(start, start + CHUNK);
      const target = db;
      if (!target || !writable) {
        stash(chunkEvents, chunkOutbox);
        continue;
      }
      if (start > 0) await nextTask();
      try {
        const tx = target.transaction(["events", "outbox"], "readwrite");
        const eventStore = tx.objectStore("events");
        const outboxStore = tx.objectStore("outbox");
        for (const event of chunkEvents) void eventStore.put(event);
        for (const item of chunkOutbox) void outboxStore.put(item);
        await tx.done;
      } catch (error) {
        // Quota exceeded arrives as an abort; a lost connection as InvalidStateError.
        stash(chunkEvents, chunkOutbox);
        if (db === target) onWriteError(error);
      }
    }
  }

  function schedule() {
    if (closed) return;
    const delay =
      queue.length + outboxQueue.length >= EAGER_BATCH ? 0 : (options.flushDelayMs ?? 200);
    if (timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(timer);
    }
    // Never in the caller's task: the host's own work finishes first.
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delay);
  }

  let writing: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    // Batches are written one after another, so a reconnect in between keeps their order.
    writing = writing.then(async () => {
      await ready;
      if (queue.length === 0 && outboxQueue.length === 0) return;
      const events = queue;
      const outbox = outboxQueue;
      queue = [];
      outboxQueue = [];
      inFlight = { events, outbox };
      try {
        await writeBatch(events, outbox);
      } finally {
        inFlight = { events: [], outbox: [] };
      }
    });
    return writing;
  }

  /** Runs a read against the database, or gives `fallback` when there is none (or it fails). */
  async function read<T>(fn: (target: Database) => Promise<T>, fallback: T): Promise<T> {
    await ready;
    const target = db;
    if (!target) return fallback;
    try {
      return await fn(target);
    } catch (error) {
      if (db === target) onWriteError(error);
      return fallback;
    }
  }

  let ready: Promise<void> = connect();

  return {
    mode: () => (db && writable ? "indexeddb" : "memory"),
    record(event) {
      const clean = redact(event);
      queue.push(clean);
      schedule();
      return clean;
    },
    flush,
    async events() {
      await flush();
      const stored = await read((target) => target.getAll("events"), [] as WaymarkEvent[]);
      const byId = new Map<string, WaymarkEvent>();
      for (const event of stored) byId.set(event.id, event);
      for (const event of memoryEvents.values()) byId.set(event.id, event);
      return [...byId.values()].sort((a, b) => a.ts - b.ts);
    },
    async progress() {
      const stored = await read((target) => target.getAll("progress"), [] as Progress[]);
      for (const p of stored) {
        const known = memoryProgress.get(p.guide);
        if (!known || known.updatedAt <= p.updatedAt) memoryProgress.set(p.guide, p);
      }
      return [...memoryProgress.values()];
    },
    async putProgress(progress) {
      memoryProgress.set(progress.guide, progress);
      unsavedProgress.add(progress.guide);
      try {
        channel?.postMessage(progress);
      } catch {
        // A closed channel: other tabs read it from the database instead.
      }
      await ready;
      const target = db;
      if (!target || !writable) return;
      try {
        await target.put("progress", progress);
        if (memoryProgress.get(progress.guide) === progress) unsavedProgress.delete(progress.guide);
      } catch (error) {
        if (db === target) onWriteError(error);
      }
    },
    outbox: {
      add(events) {
        for (const event of events) outboxQueue.push({ id: event.id, event });
        schedule();
      },
      async peek(limit) {
        await flush();
        const stored = await read(
          (target) => target.getAll("outbox", undefined, OUTBOX_MAX),
          [] as OutboxItem[],
        );
        const byId = new Map<string, OutboxItem>();
        for (const item of [...stored, ...memoryOutbox.values()]) byId.set(item.id, item);
        return [...byId.values()].sort((a, b) => a.event.ts - b.event.ts).slice(0, limit);
      },
      async remove(ids) {
        for (const id of ids) memoryOutbox.delete(id);
        await read(async (target) => {
          const tx = target.transaction("outbox", "readwrite");
          for (const id of ids) void tx.store.delete(id);
          await tx.done;
        }, undefined);
      },
      async clear() {
        outboxQueue = [];
        memoryOutbox.clear();
        await read((target) => target.clear("outbox"), undefined);
      },
    },
    async clear() {
      queue = [];
      outboxQueue = [];
      memoryEvents.clear();
      memoryOutbox.clear();
      memoryProgress.clear();
      unsavedProgress.clear();
      await read(async (target) => {
        const tx = target.transaction(["events", "progress", "outbox"], "readwrite");
        void tx.objectStore("events").clear();
        void tx.objectStore("progress").clear();
        void tx.objectStore("outbox").clear();
        await tx.done;
      }, undefined);
    },
    close() {
      closed = true;
      win?.removeEventListener("pagehide", onPageHide);
      if (timer !== undefined) clearTimeout(timer);
      channel?.close();
      db?.close();
      db = undefined;
    },
  };
}

function readPending(raw: string | null): { events: WaymarkEvent[]; outbox: OutboxItem[] } {
  if (!raw) return { events: [], outbox: [] };
  const parsed = JSON.parse(raw) as unknown;
  // Older pages stored a plain array of events.
  const source = Array.isArray(parsed)
    ? { events: parsed as unknown[], outbox: [] as unknown[] }
    : (parsed as { events?: unknown[]; outbox?: unknown[] });
  const isEvent = (e: unknown): e is WaymarkEvent =>
    !!e && typeof (e as WaymarkEvent).id === "string" && typeof (e as WaymarkEvent).ts === "number";
  return {
    events: (Array.isArray(source.events) ? source.events : []).filter(isEvent),
    outbox: (Array.isArray(source.outbox) ? source.outbox : []).filter((item): item is OutboxItem =>
      isEvent((item as OutboxItem | null)?.event),
    ),
  };
}

function errorName(error: unknown): string {
  return typeof error === "object" &&
    error !== null &&
    typeof (error as { name?: unknown }).name === "string"
    ? (error as { name: string }).name
    : "";
}

function describe(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: string; message?: string };
    return name ? `${name}: ${message ?? ""}` : String(message);
  }
  return String(error);
}
