import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { Progress, WaymarkEvent } from "./records";

/**
 * Local data on IndexedDB (database `waymark`), with an in-memory fallback so that a browser
 * without storage (private mode, quota, a blocked upgrade, a deleted database) never loses
 * the session: Waymark keeps working and says why in the debug diagnostics.
 *
 * Events are batched: `record()` only queues, and one transaction writes a whole batch off
 * the host's critical path. A page can unload before the next batch (a click on a link right
 * after a step appeared): on `pagehide` the queue is copied synchronously to sessionStorage and
 * written again by the next page of the tab; event ids make that second write idempotent.
 * Progress writes are rare and go out at once.
 */

export const DB_NAME = "waymark";
/** sessionStorage key holding events queued when the page was hidden. */
const PENDING_KEY = "waymark.pending";
export const DB_VERSION = 1;

interface WaymarkDb extends DBSchema {
  events: { key: string; value: WaymarkEvent; indexes: { ts: number } };
  progress: { key: string; value: Progress };
}

export interface StoreOptions {
  retention: { days: number; maxEvents: number };
  /** Called once when IndexedDB cannot be used and Waymark falls back to memory. */
  onFallback: (reason: string) => void;
  /** Milliseconds to wait for `indexedDB.open` before giving up on it. */
  openTimeoutMs?: number;
  /** Milliseconds between batched event writes. */
  flushDelayMs?: number;
  /** Called when another tab changed progress (BroadcastChannel). */
  onRemoteProgress?: (progress: Progress) => void;
}

export interface WaymarkStore {
  /** Where data lives now. */
  mode(): "indexeddb" | "memory";
  /** Queues an event; it is written with the next batch. */
  record(event: WaymarkEvent): void;
  /** Writes queued events now. */
  flush(): Promise<void>;
  /** All stored events, oldest first. */
  events(): Promise<WaymarkEvent[]>;
  progress(): Promise<Progress[]>;
  putProgress(progress: Progress): Promise<void>;
  /** Deletes every record Waymark keeps. */
  clear(): Promise<void>;
  close(): void;
}

export function createStore(options: StoreOptions): WaymarkStore {
  const memoryEvents: WaymarkEvent[] = [];
  const memoryProgress = new Map<string, Progress>();
  let queue: WaymarkEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let db: IDBPDatabase<WaymarkDb> | undefined;
  let fellBack = false;
  let closed = false;
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("waymark") : undefined;
  if (channel) {
    channel.onmessage = (e: MessageEvent) => {
      const p = e.data as Progress | undefined;
      if (p && typeof p.guide === "string") {
        memoryProgress.set(p.guide, p);
        options.onRemoteProgress?.(p);
      }
    };
  }

  const win = typeof window === "undefined" ? undefined : window;
  const onPageHide = () => {
    if (queue.length === 0) return;
    try {
      const pending = JSON.parse(win?.sessionStorage.getItem(PENDING_KEY) ?? "[]") as WaymarkEvent[];
      win?.sessionStorage.setItem(PENDING_KEY, JSON.stringify([...pending, ...queue].slice(-500)));
    } catch {
      // Storage full or disabled: the flush below is the only chance.
    }
    void flush();
  };
  win?.addEventListener("pagehide", onPageHide);
  // Events the previous page of this tab queued but may not have written.
  try {
    const pending = win?.sessionStorage.getItem(PENDING_KEY);
    if (pending) {
      win?.sessionStorage.removeItem(PENDING_KEY);
      const events = JSON.parse(pending) as unknown;
      if (Array.isArray(events)) queue.push(...(events as WaymarkEvent[]).filter((e) => e && typeof e.id === "string"));
    }
  } catch {
    // Unreadable leftovers are dropped; nothing else depends on them.
  }

  function fallBack(reason: string) {
    if (fellBack) return;
    fellBack = true;
    try {
      db?.close();
    } catch {
      // Already closed.
    }
    db = undefined;
    options.onFallback(reason);
  }

  const ready: Promise<void> = open().then(
    (opened) => {
      db = opened;
    },
    (error: unknown) => fallBack(describe(error)),
  );

  async function open(): Promise<IDBPDatabase<WaymarkDb>> {
    if (typeof indexedDB === "undefined" || !indexedDB) throw new Error("IndexedDB is not available in this browser");
    const timeout = options.openTimeoutMs ?? 3000;
    const opening = openDB<WaymarkDb>(DB_NAME, DB_VERSION, {
      upgrade(database, oldVersion) {
        // Migrations run in order; each brings the schema from one version to the next.
        if (oldVersion < 1) {
          // Events are keyed by their own id, so writing one twice (see `pagehide`) is harmless.
          const events = database.createObjectStore("events", { keyPath: "id" });
          events.createIndex("ts", "ts");
          database.createObjectStore("progress", { keyPath: "guide" });
        }
      },
      blocking() {
        // A newer Waymark in another tab wants to upgrade: step aside instead of blocking it.
        db?.close();
        db = undefined;
        fallBack("a newer version of Waymark in another tab is upgrading the database");
      },
      terminated() {
        fallBack("the browser closed the database connection");
      },
    });
    let timeoutId: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeoutId = setTimeout(() => reject(new Error(`opening IndexedDB took longer than ${timeout} ms`)), timeout);
    });
    try {
      const opened = await Promise.race([opening, timedOut]);
      await applyRetention(opened);
      return opened;
    } finally {
      clearTimeout(timeoutId);
      // If the open settles after the time-out, close it so it does not block other tabs.
      opening.then((late) => {
        if (late !== db && (fellBack || closed)) late.close();
      }, () => {});
    }
  }

  async function applyRetention(database: IDBPDatabase<WaymarkDb>) {
    const cutoff = Date.now() - options.retention.days * 86_400_000;
    const tx = database.transaction("events", "readwrite");
    await tx.store.index("ts").openCursor(IDBKeyRange.upperBound(cutoff, true)).then(async function drop(cursor): Promise<void> {
      if (!cursor) return;
      await cursor.delete();
      return drop(await cursor.continue());
    });
    const count = await tx.store.count();
    let excess = count - options.retention.maxEvents;
    if (excess > 0) {
      let cursor = await tx.store.index("ts").openCursor();
      while (cursor && excess-- > 0) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }

  async function writeBatch(batch: WaymarkEvent[]) {
    if (!db) {
      memoryEvents.push(...batch);
      return;
    }
    try {
      const tx = db.transaction("events", "readwrite");
      for (const event of batch) void tx.store.put(event);
      await tx.done;
    } catch (error) {
      // Quota exceeded arrives as an abort; a lost connection as InvalidStateError.
      fallBack(describe(error));
      memoryEvents.push(...batch);
    }
  }

  function schedule() {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.flushDelayMs ?? 200);
  }

  async function flush() {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    await ready;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    await writeBatch(batch);
  }

  return {
    mode: () => (db ? "indexeddb" : "memory"),
    record(event) {
      queue.push(event);
      schedule();
    },
    flush,
    async events() {
      await flush();
      if (!db) return [...memoryEvents];
      try {
        return [...(await db.getAll("events")), ...memoryEvents];
      } catch (error) {
        fallBack(describe(error));
        return [...memoryEvents];
      }
    },
    async progress() {
      await ready;
      if (db) {
        try {
          for (const p of await db.getAll("progress")) {
            const known = memoryProgress.get(p.guide);
            if (!known || known.updatedAt <= p.updatedAt) memoryProgress.set(p.guide, p);
          }
        } catch (error) {
          fallBack(describe(error));
        }
      }
      return [...memoryProgress.values()];
    },
    async putProgress(progress) {
      memoryProgress.set(progress.guide, progress);
      channel?.postMessage(progress);
      await ready;
      if (!db) return;
      try {
        await db.put("progress", progress);
      } catch (error) {
        fallBack(describe(error));
      }
    },
    async clear() {
      queue = [];
      memoryEvents.length = 0;
      memoryProgress.clear();
      await ready;
      if (!db) return;
      try {
        const tx = db.transaction(["events", "progress"], "readwrite");
        await Promise.all([tx.objectStore("events").clear(), tx.objectStore("progress").clear(), tx.done]);
      } catch (error) {
        fallBack(describe(error));
      }
    },
    close() {
      closed = true;
      win?.removeEventListener("pagehide", onPageHide);
      if (timer !== undefined) clearTimeout(timer);
      channel?.close();
      db?.close();
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error || (typeof DOMException !== "undefined" && error instanceof DOMException)) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return String(error);
}
