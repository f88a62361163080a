import type { Duplex } from 'node:stream';
import postgres from 'postgres';
import type { Logger } from '../log.ts';

/**
 * Change capture by logical decoding: a temporary pgoutput slot streaming the publications
 * `supabase_realtime` (postgres_changes) and `supabase_realtime_messages_publication`
 * (broadcast from the database). Transactions arrive whole, after commit, in commit order; they are
 * handed to `onTransaction` one at a time. See docs/decisions/0005-realtime-change-capture.md.
 */

export const PUBLICATIONS = ['supabase_realtime', 'supabase_realtime_messages_publication'];

/** Column text values; null = SQL NULL, undefined = unchanged TOAST value (not sent). */
export type Tuple = Map<string, string | null | undefined>;

export interface Relation {
  relid: number;
  schema: string;
  table: string;
  columns: { name: string; typeOid: number; isKey: boolean }[];
}

export interface RowChange {
  relation: Relation;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  /** INSERT/UPDATE: the new row. */
  new?: Tuple;
  /** UPDATE (key changed or replica identity full) / DELETE: the old key or row. */
  old?: Tuple;
}

export interface Transaction {
  commitTime: Date;
  changes: RowChange[];
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

function pgTime(buf: Buffer, at: number): Date {
  return new Date(PG_EPOCH_MS + Number(buf.readBigInt64BE(at) / 1000n));
}

class Reader {
  private buf: Buffer;
  o: number;
  constructor(buf: Buffer, o = 0) {
    this.buf = buf;
    this.o = o;
  }
  u8() {
    return this.buf[this.o++];
  }
  u16() {
    const v = this.buf.readUInt16BE(this.o);
    this.o += 2;
    return v;
  }
  u32() {
    const v = this.buf.readUInt32BE(this.o);
    this.o += 4;
    return v;
  }
  i32() {
    const v = this.buf.readInt32BE(this.o);
    this.o += 4;
    return v;
  }
  u64() {
    const v = this.buf.readBigUInt64BE(this.o);
    this.o += 8;
    return v;
  }
  str() {
    const end = this.buf.indexOf(0, this.o);
    const s = this.buf.toString('utf8', this.o, end);
    this.o = end + 1;
    return s;
  }
  bytes(n: number) {
    const s = this.buf.toString('utf8', this.o, this.o + n);
    this.o += n;
    return s;
  }
}

/** `keyOnly`: a 'K' tuple, whose non-key columns are sent as NULL but are really unknown (left out). */
function readTuple(r: Reader, rel: Relation, keyOnly = false): Tuple {
  const n = r.u16();
  const t: Tuple = new Map();
  for (let i = 0; i < n; i++) {
    const kind = String.fromCharCode(r.u8());
    const col = rel.columns[i];
    const name = col?.name ?? `col${i}`;
    const value = kind === 'n' ? null : kind === 'u' ? undefined : r.bytes(r.i32());
    if (keyOnly && !col?.isKey) continue;
    t.set(name, value);
  }
  return t;
}

export interface ReplicationOptions {
  url: string;
  log: Logger;
  onTransaction: (tx: Transaction) => Promise<void> | void;
  /** Called whenever a Relation message arrives (the table's shape may have changed). */
  onRelation?: (rel: Relation) => void;
}

export class ReplicationStream {
  private opts: ReplicationOptions;
  private sql: postgres.Sql | undefined;
  private stream: Duplex | undefined;
  private relations = new Map<number, Relation>();
  private current: Transaction | undefined;
  private queue: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private ackLsn = 0n;
  private stopping = false;
  private retry: NodeJS.Timeout | undefined;
  private status: NodeJS.Timeout | undefined;
  private backoff = 500;
  /** Resolves once the slot exists: changes committed after this are delivered. */
  ready: Promise<void>;
  private markReady!: () => void;

  constructor(opts: ReplicationOptions) {
    this.opts = opts;
    this.ready = new Promise((r) => {
      this.markReady = r;
    });
  }

  async start(): Promise<void> {
    try {
      await this.connect();
      this.backoff = 500;
      this.markReady();
    } catch (e) {
      this.opts.log.warn(`realtime: replication connection failed (${(e as Error).message}); retrying`);
      this.scheduleRestart();
    }
  }

  private async connect(): Promise<void> {
    const sql = postgres(this.opts.url, {
      max: 1,
      fetch_types: false,
      idle_timeout: 0,
      max_lifetime: null,
      onnotice: () => {},
      connection: { application_name: 'devstack_realtime_replication', replication: 'database' } as Record<
        string,
        string
      >,
    });
    this.sql = sql;
    const slot = `devstack_realtime_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const [created] = await sql.unsafe(`CREATE_REPLICATION_SLOT ${slot} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
    const pubs = PUBLICATIONS.map((p) => `"${p}"`).join(',');
    const stream = (await sql
      .unsafe(
        `START_REPLICATION SLOT ${slot} LOGICAL ${created.consistent_point} (proto_version '1', publication_names '${pubs}')`,
      )
      .writable()) as unknown as Duplex;
    this.stream = stream;
    this.relations.clear();
    this.current = undefined;
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('error', (e: Error) => {
      if (!this.stopping) this.opts.log.warn(`realtime: replication stream error: ${e.message}`);
    });
    stream.on('close', () => {
      if (this.stream === stream && !this.stopping) this.scheduleRestart();
    });
    this.status = setInterval(() => this.sendStatus(false), 10_000);
    this.status.unref();
  }

  private scheduleRestart(): void {
    if (this.stopping || this.retry) return;
    clearInterval(this.status);
    const old = this.sql;
    this.sql = undefined;
    this.stream = undefined;
    void old?.end({ timeout: 0 }).catch(() => {});
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, this.backoff);
    this.retry.unref();
    this.backoff = Math.min(this.backoff * 2, 5000);
  }

  private onData(chunk: Buffer): void {
    if (chunk[0] === 0x77) {
      // XLogData: 'w' start(8) end(8) clock(8) then one pgoutput message.
      try {
        this.onMessage(chunk, 25);
      } catch (e) {
        this.opts.log.error(`realtime: cannot decode replication message: ${(e as Error).message}`);
      }
    } else if (chunk[0] === 0x6b) {
      // Keepalive: 'k' walEnd(8) clock(8) replyRequested(1). Nothing pending: the server may recycle WAL.
      const walEnd = chunk.readBigUInt64BE(1);
      if (!this.current && this.inFlight === 0 && walEnd > this.ackLsn) this.ackLsn = walEnd;
      if (chunk[17]) this.sendStatus(true);
    }
  }

  private onMessage(buf: Buffer, at: number): void {
    const r = new Reader(buf, at + 1);
    switch (String.fromCharCode(buf[at])) {
      case 'B':
        r.u64();
        this.current = { commitTime: pgTime(buf, r.o), changes: [] };
        return;
      case 'C': {
        r.u8();
        r.u64();
        const endLsn = r.u64();
        const tx = this.current;
        this.current = undefined;
        if (!tx) return;
        tx.commitTime = pgTime(buf, r.o);
        if (tx.changes.length === 0) {
          this.ackLsn = endLsn;
          return;
        }
        this.inFlight++;
        this.queue = this.queue
          .then(() => this.opts.onTransaction(tx))
          .catch((e) => this.opts.log.error(`realtime: change processing failed: ${(e as Error).stack ?? e}`))
          .finally(() => {
            this.inFlight--;
            if (endLsn > this.ackLsn) this.ackLsn = endLsn;
          });
        return;
      }
      case 'R': {
        const relid = r.u32();
        const schema = r.str();
        const table = r.str();
        r.u8();
        const n = r.u16();
        const columns: Relation['columns'] = [];
        for (let i = 0; i < n; i++) {
          const flags = r.u8();
          const name = r.str();
          const typeOid = r.u32();
          r.i32();
          columns.push({ name, typeOid, isKey: (flags & 1) === 1 });
        }
        const rel = { relid, schema, table, columns };
        this.relations.set(relid, rel);
        this.opts.onRelation?.(rel);
        return;
      }
      case 'I': {
        const rel = this.relation(r.u32());
        r.u8(); // 'N'
        this.current?.changes.push({ relation: rel, type: 'INSERT', new: readTuple(r, rel) });
        return;
      }
      case 'U': {
        const rel = this.relation(r.u32());
        let kind = String.fromCharCode(r.u8());
        let old: Tuple | undefined;
        if (kind === 'K' || kind === 'O') {
          old = readTuple(r, rel, kind === 'K');
          kind = String.fromCharCode(r.u8());
        }
        this.current?.changes.push({ relation: rel, type: 'UPDATE', old, new: readTuple(r, rel) });
        return;
      }
      case 'D': {
        const rel = this.relation(r.u32());
        const kind = String.fromCharCode(r.u8());
        this.current?.changes.push({ relation: rel, type: 'DELETE', old: readTuple(r, rel, kind === 'K') });
        return;
      }
      default:
        // Truncate, Type, Origin, logical Message: not delivered by Realtime either.
        return;
    }
  }

  private relation(relid: number): Relation {
    const rel = this.relations.get(relid);
    if (!rel) throw new Error(`unknown relation ${relid}`);
    return rel;
  }

  /** Standby status update: everything up to ackLsn has been delivered. */
  private sendStatus(reply: boolean): void {
    if (!this.stream || this.ackLsn === 0n) return;
    const x = Buffer.alloc(34);
    x[0] = 0x72; // 'r'
    x.writeBigUInt64BE(this.ackLsn, 1);
    x.writeBigUInt64BE(this.ackLsn, 9);
    x.writeBigUInt64BE(this.ackLsn, 17);
    x.writeBigInt64BE(BigInt(Date.now() - PG_EPOCH_MS) * 1000n, 25);
    x[33] = reply ? 0 : 0;
    try {
      this.stream.write(x);
    } catch {}
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    clearInterval(this.status);
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      await new Promise<void>((r) => {
        stream.once('close', () => r());
        stream.end();
        setTimeout(r, 1000);
      });
    }
    // The slot is temporary: Postgres drops it when this connection ends.
    await this.sql?.end({ timeout: 1 }).catch(() => {});
    await this.queue;
  }
}
