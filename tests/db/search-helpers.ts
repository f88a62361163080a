import type postgres from 'postgres';
import { asUser } from './helpers.ts';

/** The columns of a search_messages() row the search tests compare. */
export type SearchHit = { message_id: string; rank: number; created_at: Date; next_cursor: string };

/** Inserts a message as postgres (the triggers assign seq) with a chosen created_at; returns its id. */
export async function putMessage(
  sql: postgres.Sql,
  channel: string,
  author: string,
  body: string,
  at: Date,
): Promise<string> {
  const [m] = await sql`insert into public.messages (channel_id, client_id, author_id, body, created_at)
    values (${channel}, gen_random_uuid(), ${author}, ${body}, ${at}) returning id`;
  return m.id as string;
}

/** Every page of a search as `user`, following next_cursor; fails if it has not ended after maxPages. */
export async function allSearchPages(
  sql: postgres.Sql,
  ws: string,
  user: string,
  query: string,
  sort: string,
  limit: number,
  maxPages: number,
): Promise<SearchHit[]> {
  const out: SearchHit[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const rows: SearchHit[] = await asUser(
      sql,
      user,
      (tx) =>
        tx`select message_id, rank, created_at, next_cursor
           from public.search_messages(${ws}::uuid, ${query}, ${sort}, ${cursor}, ${limit})` as unknown as Promise<
          SearchHit[]
        >,
    );
    out.push(...rows);
    if (rows.length < limit) return out;
    cursor = rows[rows.length - 1].next_cursor;
  }
  throw new Error('search paging did not end');
}
