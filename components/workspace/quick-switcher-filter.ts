/**
 * Ranking for the Ctrl/Cmd+K switcher, pure so it is unit-tested. Case- and accent-insensitive;
 * a leading `#` or `@` in the query is ignored. Better matches first:
 *   0 exact, 1 prefix, 2 a word starts with it, 3 substring, 4 letters in order (fuzzy).
 * Ties: unread items first, then channels before DMs, then alphabetically.
 */
export type SwitcherItem = {
  id: string;
  label: string;
  kind: 'public' | 'private' | 'dm' | 'group_dm';
  unread?: boolean;
};

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) {
    if (ch === needle[i]) i++;
    if (i === needle.length) return true;
  }
  return needle.length === 0;
}

/** The match rank of `label` for an already folded query, or null when it does not match. */
export function matchRank(label: string, foldedQuery: string): number | null {
  const hay = fold(label);
  if (!foldedQuery) return 3;
  if (hay === foldedQuery) return 0;
  if (hay.startsWith(foldedQuery)) return 1;
  if (hay.split(/[\s,_-]+/).some((w) => w.startsWith(foldedQuery))) return 2;
  if (hay.includes(foldedQuery)) return 3;
  if (isSubsequence(foldedQuery.replace(/\s+/g, ''), hay)) return 4;
  return null;
}

export function filterSwitcherItems<T extends SwitcherItem>(items: readonly T[], query: string, limit = 50): T[] {
  const q = fold(query.trim().replace(/^[#@]/, ''));
  const ranked: { item: T; rank: number }[] = [];
  for (const item of items) {
    const rank = matchRank(item.label, q);
    if (rank !== null) ranked.push({ item, rank });
  }
  const isDm = (k: SwitcherItem['kind']) => (k === 'dm' || k === 'group_dm' ? 1 : 0);
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      Number(!!b.item.unread) - Number(!!a.item.unread) ||
      isDm(a.item.kind) - isDm(b.item.kind) ||
      a.item.label.localeCompare(b.item.label),
  );
  return ranked.slice(0, limit).map((r) => r.item);
}
