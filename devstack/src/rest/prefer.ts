/** The `Prefer` header as PostgREST reads it: comma-separated, first occurrence of each kind wins. */

export interface Preferences {
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  return?: 'representation' | 'minimal' | 'headers-only';
  count?: 'exact' | 'planned' | 'estimated';
  tx?: 'commit' | 'rollback';
  missing?: 'default' | 'null';
  handling?: 'strict' | 'lenient';
  timezone?: string;
  maxAffected?: number;
  invalid: string[];
}

const KNOWN: Record<string, [keyof Preferences, string]> = {
  'resolution=merge-duplicates': ['resolution', 'merge-duplicates'],
  'resolution=ignore-duplicates': ['resolution', 'ignore-duplicates'],
  'return=representation': ['return', 'representation'],
  'return=minimal': ['return', 'minimal'],
  'return=headers-only': ['return', 'headers-only'],
  'count=exact': ['count', 'exact'],
  'count=planned': ['count', 'planned'],
  'count=estimated': ['count', 'estimated'],
  'tx=commit': ['tx', 'commit'],
  'tx=rollback': ['tx', 'rollback'],
  'missing=default': ['missing', 'default'],
  'missing=null': ['missing', 'null'],
  'handling=strict': ['handling', 'strict'],
  'handling=lenient': ['handling', 'lenient'],
};

export function parsePrefer(header: string | string[] | undefined, allowTxOverride: boolean): Preferences {
  const prefs: Preferences = { invalid: [] };
  const values = (Array.isArray(header) ? header : header ? [header] : [])
    .flatMap((h) => h.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const rec = prefs as unknown as Record<string, unknown>;
  for (const v of values) {
    const known = KNOWN[v];
    if (known) {
      const [key, val] = known;
      if (key === 'tx' && !allowTxOverride) continue;
      if (rec[key] === undefined) rec[key] = val;
      continue;
    }
    if (v.startsWith('timezone=')) {
      prefs.timezone ??= v.slice('timezone='.length);
      continue;
    }
    if (v.startsWith('max-affected=')) {
      const n = Number(v.slice('max-affected='.length));
      if (Number.isInteger(n)) prefs.maxAffected ??= n;
      continue;
    }
    prefs.invalid.push(v);
  }
  return prefs;
}

/** The `Preference-Applied` value for the preferences a given action honoured. */
export function appliedHeader(p: Preferences, kinds: Set<keyof Preferences>): string | undefined {
  const out: string[] = [];
  if (kinds.has('resolution') && p.resolution) out.push(`resolution=${p.resolution}`);
  if (kinds.has('missing') && p.missing) out.push(`missing=${p.missing}`);
  if (kinds.has('return') && p.return) out.push(`return=${p.return}`);
  if (p.count) out.push(`count=${p.count}`);
  if (p.tx) out.push(`tx=${p.tx}`);
  if (p.handling) out.push(`handling=${p.handling}`);
  if (p.timezone) out.push(`timezone=${p.timezone}`);
  if (kinds.has('maxAffected') && p.handling === 'strict' && p.maxAffected !== undefined) {
    out.push(`max-affected=${p.maxAffected}`);
  }
  return out.length ? out.join(', ') : undefined;
}
