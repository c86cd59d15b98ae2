import { UsageError } from '../errors.js';
import type { Store } from '../stores/types.js';
import type { StoreWriter, WriterOptions } from '../stores/writer.js';

/**
 * The store's write side (`stores/<kind>/<kind>-writer.ts`), which clean and restore drive. A dump
 * has none: cleaning goes to the live server, planned from the dump.
 */
export function writerFor(store: Store, options: WriterOptions = {}): StoreWriter {
  if (!store.writer) throw dumpIsReadOnly(store.redactedUrl);
  return store.writer(options);
}

/** A dump cannot be written: cleaning goes to the live server, planned from the dump. */
export function dumpIsReadOnly(redactedUrl: string): UsageError {
  return new UsageError(`${redactedUrl} is an RDB dump, which is read-only`, {
    hint: 'to delete on the live server what the dump selects: sessctl clean --plan-from DUMP STORE-URL',
  });
}
