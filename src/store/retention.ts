import type { Database } from "./connection";

/** At most this many events wait for export; the oldest go first. */
export const OUTBOX_MAX = 5000;

/**
 * Deletes events older than `days` and the oldest beyond `maxEvents`, and keeps the export
 * outbox bounded, in one transaction that awaits nothing but IndexedDB requests.
 */
export async function applyRetention(
  db: Database,
  retention: { days: number; maxEvents: number },
  now = Date.now(),
): Promise<void> {
  const tx = db.transaction(["events", "outbox"], "readwrite");
  const events = tx.objectStore("events");
  const cutoff = now - retention.days * 86_400_000;
  let cursor = await events.index("ts").openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    void cursor.delete();
    cursor = await cursor.continue();
  }
  let excess = (await events.count()) - retention.maxEvents;
  if (excess > 0) {
    cursor = await events.index("ts").openCursor();
    while (cursor && excess-- > 0) {
      void cursor.delete();
      cursor = await cursor.continue();
    }
  }
  const outbox = tx.objectStore("outbox");
  const waiting = await outbox.count();
  if (waiting > OUTBOX_MAX) {
    const items = await outbox.getAll();
    items.sort((a, b) => a.event.ts - b.event.ts);
    for (const item of items.slice(0, waiting - OUTBOX_MAX)) void outbox.delete(item.id);
  }
  await tx.done;
}
