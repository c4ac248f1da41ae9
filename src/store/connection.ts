import { openDB, type IDBPDatabase } from "idb";
import { DB_NAME, DB_VERSION, hasStores, migrate, type WaymarkDb } from "./schema";

/** What happens to a connection after it opened; the store decides what to do about it. */
export interface ConnectionEvents {
  /** This upgrade waits for another tab that keeps an older connection open. */
  blocked(): void;
  /** Another tab wants to upgrade (`deleted` false) or delete the database: close now. */
  versionChange(deleted: boolean): void;
  /** The browser closed the connection abnormally (storage cleared, disk error). */
  terminated(): void;
}

export type Database = IDBPDatabase<WaymarkDb>;

/**
 * Opens the database at `DB_VERSION` (running migrations), or at whatever newer version a
 * newer Waymark in another tab left behind, as long as it still has every store this one uses.
 * Gives up after `timeoutMs` (some broken profiles never settle an open request); a
 * connection that arrives after that is handed to `onLate`, so nothing stays blocked.
 */
export async function openDatabase(
  events: ConnectionEvents,
  timeoutMs: number,
  onLate: (db: Database) => void,
): Promise<Database> {
  // Read lazily: touching `indexedDB` throws in some sandboxed iframes.
  if (typeof indexedDB === "undefined" || !indexedDB)
    throw new Error("IndexedDB is not available in this browser");
  const opening = openAtCurrentOrNewer(events);
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`opening IndexedDB took longer than ${timeoutMs} ms`));
    }, timeoutMs);
  });
  opening.then(
    (db) => {
      if (timedOut) onLate(db);
    },
    () => {},
  );
  try {
    return await Promise.race([opening, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function openAtCurrentOrNewer(events: ConnectionEvents): Promise<Database> {
  const callbacks = {
    blocked: () => events.blocked(),
    blocking: (_current: number, next: number | null) => events.versionChange(next === null),
    terminated: () => events.terminated(),
  };
  try {
    return await openDB<WaymarkDb>(DB_NAME, DB_VERSION, {
      ...callbacks,
      upgrade: (db, oldVersion, newVersion, tx) =>
        migrate(db, oldVersion, newVersion ?? DB_VERSION, tx),
    });
  } catch (error) {
    // A newer Waymark upgraded the database: its schema only ever adds stores, so use it as is.
    if ((error as Error | undefined)?.name !== "VersionError") throw error;
    const db = await openDB<WaymarkDb>(DB_NAME, undefined, callbacks);
    if (hasStores(db)) return db;
    db.close();
    throw new Error(
      `a newer Waymark changed the database to version ${db.version}, which this version cannot read`,
      { cause: error },
    );
  }
}
