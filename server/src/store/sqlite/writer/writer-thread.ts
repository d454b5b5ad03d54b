/**
 * SQLite's writer thread: event groups on a connection of its own, so the main thread's
 * event loop (which answers devices, reading through its own connection: WAL lets it read while this writes)
 * is never held by an insert. One message at a time, in the order sent; each answered after its commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectDatabase } from '../open';
import { sqliteGroupWriter } from '../event-writer';
import type { WriterData, WriterReply, WriterRequest } from './protocol';

const port = parentPort!;
const db = connectDatabase((workerData as WriterData).path);
// Waiting here stops no event loop, only the batches queued behind: wait out a long write on the main connection
// (the daily purge's delete) rather than fail the group after connectDatabase's 5 s.
db.pragma('busy_timeout = 60000');
const insertGroup = sqliteGroupWriter(db);

port.on('message', (request: WriterRequest) => {
  if (request.op === 'close') {
    // Every write sent before it is answered (messages come in order): nothing is left half-open.
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: request.id, ok: true, result: insertGroup(request.group) };
  } catch (error) {
    // The transaction rolled back: nothing of it is stored.
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

