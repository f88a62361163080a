import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, classify, connect, createUsers, pgCode } from './helpers.ts';

/**
 * The delivery guarantee of architecture.md: per-channel seqs assigned in the sending transaction
 * (gap-free, no duplicates, commit order), idempotent sends on client_id, and unread / mention
 * counts derived exactly from last_read_seq.
 */
const sql = connect(24);
afterAll(() => sql.end());

async function channelWith(users: string[]): Promise<{ ws: string; ch: string }> {
  const [{ id: ws }] =
    await sql`insert into public.workspaces (slug, name) values (${`d-${randomUUID().slice(0, 8)}`}, 'D') returning id`;
  for (const [i, u] of users.entries()) {
    await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${ws}, ${u}, ${i === 0 ? 'owner' : 'member'})`;
  }
  const [{ id: ch }] =
    await sql`insert into public.channels (workspace_id, kind, name) values (${ws}, 'public', 'room') returning id`;
  for (const u of users) await sql`insert into public.channel_members (channel_id, user_id) values (${ch}, ${u})`;
  return { ws, ch };
}

const send = (userId: string, ch: string, body: string, clientId = randomUUID(), parent: string | null = null) =>
  asUser(sql, userId, async (tx) => {
    const [m] = await tx`select * from public.send_message(channel_id => ${ch}::uuid, body => ${body},
      client_id => ${clientId}::uuid, parent_id => ${parent}::uuid)`;
    return m as { id: string; seq: string; body: string };
  });

describe('seq assignment', () => {
  it('20 concurrent senders get seqs 1..N with no gaps or duplicates', async () => {
    const users = await createUsers(
      sql,
      Array.from({ length: 20 }, (_, i) => `sender${i}`),
    );
    const { ch } = await channelWith(users);
    const perSender = 10;
    await Promise.all(
      users.map(async (u) => {
        for (let i = 0; i < perSender; i++) await send(u, ch, `message ${i} from ${u}`);
      }),
    );
    const rows = await sql`select seq::int as seq from public.messages where channel_id = ${ch} order by seq`;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: users.length * perSender }, (_, i) => i + 1));
    const [{ last_seq }] = await sql`select last_seq::int from public.channels where id = ${ch}`;
    expect(last_seq).toBe(users.length * perSender);
  });

  it('a failed send leaves no hole in the sequence', async () => {
    const [a] = await createUsers(sql, ['holes']);
    const { ch } = await channelWith([a]);
    await send(a, ch, 'one');
    await expect(send(a, ch, '')).rejects.toMatchObject({ code: '22023' });
    await expect(send(a, ch, 'x'.repeat(40_001))).rejects.toMatchObject({ code: '22001' });
    const m = await send(a, ch, 'two');
    expect(Number(m.seq)).toBe(2);
  });

  it('seqs become visible in order: a reader never sees seq n+1 before seq n has committed', async () => {
    const [a, b] = await createUsers(sql, ['slow', 'fast']);
    const { ch } = await channelWith([a, b]);
    // A sends and holds its transaction open; B's send must wait for A's commit (channel row lock).
    let releaseA: () => void = () => {};
    const aHolds = new Promise<void>((r) => {
      releaseA = r;
    });
    const aDone = asUser(sql, a, async (tx) => {
      await tx`select public.send_message(channel_id => ${ch}::uuid, body => 'first', client_id => ${randomUUID()}::uuid)`;
      await aHolds;
    });
    await new Promise((r) => setTimeout(r, 100));
    const bDone = send(b, ch, 'second');
    await new Promise((r) => setTimeout(r, 200));
    const visible = await sql`select seq::int from public.messages where channel_id = ${ch}`;
    expect(visible).toEqual([]); // nothing committed yet: B is queued behind A, not ahead of it
    releaseA();
    await aDone;
    const b2 = await bDone;
    expect(Number(b2.seq)).toBe(2);
  });
});

describe('idempotent sends', () => {
  it('resending a client_id returns the original message and inserts nothing', async () => {
    const [a] = await createUsers(sql, ['retry']);
    const { ch } = await channelWith([a]);
    const clientId = randomUUID();
    const first = await send(a, ch, 'hello', clientId);
    const again = await send(a, ch, 'hello', clientId);
    expect(again.id).toBe(first.id);
    expect(again.seq).toBe(first.seq);
    const [{ n }] = await sql`select count(*)::int as n from public.messages where channel_id = ${ch}`;
    expect(n).toBe(1);
  });

  it('10 concurrent sends with one client_id create exactly one row', async () => {
    const [a] = await createUsers(sql, ['burst']);
    const { ch } = await channelWith([a]);
    const clientId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => send(a, ch, 'burst', clientId)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [{ n, max }] =
      await sql`select count(*)::int as n, max(seq)::int as max from public.messages where channel_id = ${ch}`;
    expect([n, max]).toEqual([1, 1]);
    // The losers' seq bumps rolled back with their failed inserts: the next message is seq 2.
    expect(Number((await send(a, ch, 'after the burst')).seq)).toBe(2);
  });

  it('reusing a client_id for different content is a conflict; another user may use the same client_id', async () => {
    const [a, b] = await createUsers(sql, ['reuse-a', 'reuse-b']);
    const { ch } = await channelWith([a, b]);
    const clientId = randomUUID();
    const first = await send(a, ch, 'original', clientId);
    await expect(send(a, ch, 'different', clientId)).rejects.toMatchObject({ code: 'PT409' });
    const other = await send(b, ch, 'original', clientId);
    expect(other.id).not.toBe(first.id);
  });
});

/** A tiny deterministic PRNG (mulberry32), so failures replay from the printed seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unread and mention counts (property test against a model)', () => {
  let users: string[];
  beforeAll(async () => {
    users = await createUsers(sql, ['p-a', 'p-b', 'p-c']);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`stay exact through random sends, replies, edits, deletes and mark_read (seed ${seed})`, async () => {
      const rand = rng(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
      const { ch } = await channelWith(users);
      type M = { id: string; seq: number; author: string; deleted: boolean; mentions: Set<string>; inStream: boolean };
      const msgs: M[] = [];
      const lastRead = new Map(users.map((u) => [u, 0]));
      let lastSeq = 0;
      const bodyFor = (mentioned: string[]) => `note ${mentioned.map((u) => `<@${u}>`).join(' ')} ${rand()}`;
      const randomMentions = () => users.filter(() => rand() < 0.3);

      for (let step = 0; step < 40; step++) {
        const actor = pick(users);
        const r = rand();
        const live = msgs.filter((m) => !m.deleted);
        if (r < 0.45 || live.length === 0) {
          const mentioned = randomMentions();
          const root = live.filter((m) => m.inStream && rand() < 0.3)[0];
          const m = await send(actor, ch, bodyFor(mentioned), randomUUID(), root && rand() < 0.5 ? root.id : null);
          lastSeq = Number(m.seq);
          const isReply = !!root && (m as unknown as { parent_id: string | null }).parent_id !== null;
          msgs.push({
            id: m.id,
            seq: lastSeq,
            author: actor,
            deleted: false,
            mentions: new Set(mentioned.filter((u) => u !== actor)),
            inStream: !isReply,
          });
        } else if (r < 0.6) {
          const own = live.filter((m) => m.author === actor);
          if (!own.length) continue;
          const m = pick(own);
          const mentioned = randomMentions();
          await asUser(sql, actor, (tx) => tx`select public.edit_message(${m.id}::uuid, ${bodyFor(mentioned)})`);
          m.mentions = new Set(mentioned.filter((u) => u !== actor));
        } else if (r < 0.7) {
          const own = live.filter((m) => m.author === actor);
          if (!own.length) continue;
          const m = pick(own);
          await asUser(sql, actor, (tx) => tx`select public.delete_message(${m.id}::uuid)`);
          m.deleted = true;
        } else {
          const target = Math.floor(rand() * (lastSeq + 3));
          const got = await asUser(sql, actor, (tx) => tx`select public.mark_read(${ch}::uuid, ${target}) as s`);
          lastRead.set(actor, Math.max(lastRead.get(actor)!, Math.min(target, lastSeq)));
          expect(Number(got[0].s)).toBe(lastRead.get(actor));
        }
        for (const u of users) {
          const [row] = await asUser(
            sql,
            u,
            (tx) => tx`select unread_count::int as unread, mention_count::int as mentions
                       from public.channel_unreads() where channel_id = ${ch}`,
          );
          const lr = lastRead.get(u)!;
          const model = {
            unread: msgs.filter((m) => m.seq > lr && !m.deleted && m.author !== u && m.inStream).length,
            mentions: msgs.filter((m) => m.seq > lr && !m.deleted && m.mentions.has(u)).length,
          };
          expect(row, `seed ${seed} step ${step} user ${users.indexOf(u)}`).toEqual(model);
        }
      }
    });
  }
});

describe('errors are classified', () => {
  it('maps SQLSTATEs', () => {
    expect(classify(pgCode({ code: 'PT404' }))).toBe('notfound');
  });
});
