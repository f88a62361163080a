/**
 * Ids per request for `in (...)` filters: keeps each list, and so the URL, short (gateways refuse
 * URLs past about 8 KB; 100 UUIDs are about 3.7 KB).
 */
export const IDS_PER_REQUEST = 100;

/** The distinct ids in batches of at most IDS_PER_REQUEST, in first-seen order. */
export function idBatches(ids: Iterable<string>): string[][] {
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) batches.push(unique.slice(i, i + IDS_PER_REQUEST));
  return batches;
}
