/**
 * The creators filter's options: each agent creator with the label of the user it names, by user id or by email in
 * any ASCII case, else itself. Checked against the one-join query it replaced (kept here as the oracle) on agents
 * and users made at random, with nulls, cases, several users for one creator and creators no user has.
 */
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { filterOptions } from '../../src/core/reports/filterOptions';
import { loadEngine, openDatabase, runnerFor } from '../../src/store/sqlite';

const oracleSql = `SELECT DISTINCT a.created_by, COALESCE(u.email, u.name, a.created_by) FROM agents a
  LEFT JOIN users u ON u.user_id = a.created_by OR lower(u.email) = lower(a.created_by)
  WHERE a.created_by IS NOT NULL ORDER BY 2, 1`;

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'));
});

function creators(db: Database) {
  return filterOptions(runnerFor(db)).creators;
}

describe('filter options: creators', () => {
  it('labels a creator by the user it names, by id or email in any case, else by itself', () => {
    const db = openDatabase(SQL);
    db.exec(`INSERT INTO users (user_id, email, name) VALUES ('u1', NULL, 'Una'), ('u2', 'x@y.com', 'Xavier'), ('u3', NULL, NULL),
        ('u4', 'dup@z.com', 'One'), ('u5', 'DUP@z.com', 'Two');
      INSERT INTO agents (agent_id, created_by) VALUES ('a1', 'u1'), ('a2', 'X@Y.COM'), ('a3', 'nobody'), ('a4', 'u3'), ('a5', 'dup@Z.com'),
        ('a6', NULL), ('a7', 'u1')`);
    // by label as SQLite compares text (capitals first)
    expect(creators(db)).toEqual([
      { value: 'dup@Z.com', label: 'DUP@z.com' },
      { value: 'u1', label: 'Una' },
      { value: 'dup@Z.com', label: 'dup@z.com' },
      { value: 'nobody', label: 'nobody' },
      { value: 'u3', label: 'u3' },
      { value: 'X@Y.COM', label: 'x@y.com' },
    ]);
    db.close();
  });

  it('gives what one join on either match gives, on random agents and users', () => {
    let seed = 5;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const cased = (text: string) => [...text].map((char) => (next() < 0.5 ? char.toUpperCase() : char)).join('');
    for (let round = 0; round < 20; round++) {
      const db = openDatabase(SQL);
      const ids = Array.from({ length: 30 }, (_, i) => `u${i}`);
      const emails = Array.from({ length: 20 }, (_, i) => `p${i}@ex.com`);
      const users = db.prepare('INSERT INTO users (user_id, email, name) VALUES (?, ?, ?)');
      ids.forEach((id) => users.run([id, next() < 0.3 ? null : cased(pick(emails)), next() < 0.3 ? null : `Name ${pick(ids)}`]));
      users.free();
      const agents = db.prepare('INSERT INTO agents (agent_id, created_by) VALUES (?, ?)');
      for (let i = 0; i < 40; i++) agents.run([`a${i}`, next() < 0.1 ? null : next() < 0.4 ? pick(ids) : next() < 0.8 ? cased(pick(emails)) : `ghost${i % 5}`]);
      agents.free();
      const oracle = db.exec(oracleSql)[0]?.values.map(([value, label]) => ({ value: String(value), label: String(label) })) ?? [];
      expect(creators(db), `round ${round}`).toEqual(oracle);
      db.close();
    }
  });
});
