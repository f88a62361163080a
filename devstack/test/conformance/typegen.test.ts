import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { generateTypes } from '../../src/typegen/index.ts';
import { dbUrl } from '../helpers.ts';

let types = '';

beforeAll(async () => {
  const config = loadConfig({ workdir: path.resolve(import.meta.dirname, '..', 'fixture'), env: {} });
  types = await generateTypes(config, dbUrl());
}, 60_000);

describe('gen-types (postgres-meta typegen, as `supabase gen types typescript --local`)', () => {
  it('prints the CLI layout: Json, Database with public and graphql_public, helper types', () => {
    expect(types.startsWith('export type Json =')).toBe(true);
    expect(types).toContain('export type Database = {');
    expect(types).toMatch(/graphql_public: \{/);
    expect(types).toMatch(/\n {2}public: \{/);
    for (const helper of ['Tables<', 'TablesInsert<', 'TablesUpdate<', 'Enums<', 'CompositeTypes<']) {
      expect(types).toContain(`export type ${helper}`);
    }
    expect(types).toContain('export const Constants = {');
    // console.log adds one newline after prettier's.
    expect(types.endsWith('}\n\n') || types.endsWith('} as const\n\n')).toBe(true);
    // Only the API schemas, never storage/auth internals.
    expect(types).not.toMatch(/\n {2}storage: \{/);
    expect(types).not.toMatch(/\n {2}auth: \{/);
  });

  it('generates Row / Insert / Update for the fixture table', () => {
    const table = types.slice(types.indexOf('fx_documents: {'));
    const row = table.slice(table.indexOf('Row: {'), table.indexOf('Insert: {'));
    expect(row).toMatch(/id: number/);
    expect(row).toMatch(/owner_id: string/);
    expect(row).toMatch(/title: string/);
    expect(row).toMatch(/body: string \| null/);
    expect(row).toMatch(/status: Database\["public"\]\["Enums"\]\["fx_doc_status"\]/);
    expect(row).toMatch(/tags: string\[\]/);
    expect(row).toMatch(/created_at: string/);
    const insert = table.slice(table.indexOf('Insert: {'), table.indexOf('Update: {'));
    expect(insert).toMatch(/id\?: never/);
    expect(insert).toMatch(/owner_id: string/);
    expect(insert).toMatch(/title: string/);
    expect(insert).toMatch(/body\?: string \| null/);
    expect(insert).toMatch(/status\?:/);
    const update = table.slice(table.indexOf('Update: {'), table.indexOf('Relationships:'));
    expect(update).toMatch(/title\?: string/);
    expect(update).toMatch(/id\?: never/);
  });

  it('generates views, functions and enums', () => {
    expect(types).toMatch(/fx_published_documents: \{\s+Row: \{/);
    const fn = types.slice(types.indexOf('fx_count_documents: {'));
    expect(fn).toMatch(/^fx_count_documents: \{\s+Args: \{ p_owner: string \};?\s+Returns: number/);
    expect(types).toMatch(/fx_doc_status: "draft" \| "published" \| "archived"/);
    expect(types).toMatch(/fx_doc_status: \["draft", "published", "archived"\]/);
  });

  it('is deterministic', async () => {
    const config = loadConfig({ workdir: path.resolve(import.meta.dirname, '..', 'fixture'), env: {} });
    expect(await generateTypes(config, dbUrl())).toBe(types);
  });
});
