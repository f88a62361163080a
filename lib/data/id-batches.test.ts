import { describe, expect, it } from 'vitest';
import { IDS_PER_REQUEST, idBatches } from './id-batches';

describe('idBatches', () => {
  it('drops duplicates and splits into batches of at most IDS_PER_REQUEST, in first-seen order', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `id-${i}`);
    const batches = idBatches([...ids, 'id-0', 'id-249']);
    expect(batches.map((b) => b.length)).toEqual([IDS_PER_REQUEST, IDS_PER_REQUEST, 50]);
    expect(batches.flat()).toEqual(ids);
  });

  it('returns no batch for no ids', () => {
    expect(idBatches([])).toEqual([]);
  });
});
