import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import type { OutboxItem, Progress, WaymarkEvent } from "./records";

/** The IndexedDB database Waymark keeps its local data in (SPEC §5). */
export const DB_NAME = "waymark";

/**
 * The schema version. Bump it with a new entry in `MIGRATIONS`; never edit a shipped one.
 * 1: `events` (keyed by id, `ts` index), `progress` (keyed by guide).
 * 2: `outbox` (events waiting to be exported to an OpenTelemetry collector).
 */
export const DB_VERSION = 2;

export interface WaymarkDb extends DBSchema {
  events: { key: string; value: WaymarkEvent; indexes: { ts: number } };
  progress: { key: string; value: Progress };
  outbox: { key: string; value: OutboxItem };
}

export const STORE_NAMES = ["events", "progress", "outbox"] as const;

type UpgradeTx = IDBPTransaction<WaymarkDb, StoreNames<WaymarkDb>[], "versionchange">;

/**
 * Migrations in order: entry `n` brings the schema from version `n` to `n + 1`. They run
 * inside the upgrade transaction, so they may only do IndexedDB work (no awaits on anything
 * else, or the transaction commits under them).
 */
const MIGRATIONS: Array<(db: IDBPDatabase<WaymarkDb>, tx: UpgradeTx) => void> = [
  (db) => {
    // Events are keyed by their own id, so writing one twice (see `pagehide`) is harmless.
    const events = db.createObjectStore("events", { keyPath: "id" });
    events.createIndex("ts", "ts");
    db.createObjectStore("progress", { keyPath: "guide" });
  },
  (db) => {
    db.createObjectStore("outbox", { keyPath: "id" });
  },
];

export function migrate(
  db: IDBPDatabase<WaymarkDb>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTx,
): void {
  for (let version = oldVersion; version < Math.min(newVersion, MIGRATIONS.length); version++)
    MIGRATIONS[version]?.(db, tx);
}

/** True when a database (possibly upgraded by a newer Waymark) still has every store this one uses. */
export function hasStores(db: IDBPDatabase<WaymarkDb>): boolean {
  return STORE_NAMES.every((name) => db.objectStoreNames.contains(name));
}
