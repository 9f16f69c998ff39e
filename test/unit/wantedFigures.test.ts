/**
 * Usage by Agent, by User, by Model and by Sub-Account name the figures they read of each group's totals, so that the columnar index
 * adds them up ahead (some in the figure thread). The lists must be what the reports read: a figure left out is
 * added up late and alone, one named but not read is work for nothing.
 */
import { describe, expect, it } from 'vitest';
import { agentFigures, agentReport } from '../../src/core/reports/agents';
import { modelFigures, modelReport } from '../../src/core/reports/models';
import { orgFigures, orgReport } from '../../src/core/reports/orgs';
import { userFigures, userReport } from '../../src/core/reports/users';
import type { EventTotals } from '../../src/core/reports/groupTotals';
import type { GroupFigure, SqlRunner } from '../../src/core/sql';

const range = { start: 0, end: 1 };

/** A value of each kind a figure has, enough for a report to build its row. */
function sample(figure: string): unknown {
  if (['sessions', 'users', 'agents'].includes(figure)) return { size: 2 };
  if (figure === 'modelRuns') return new Map([[1, 3]]);
  if (figure === 'eventProvider') return 'openai';
  if (['avgLatency', 'p95Latency', 'errorRate', 'errorRuns', 'rows'].includes(figure)) return 1;
  return { value: 1 };
}

/** What a report asks the group pass for, and which figures it then reads; `named` models and agents have a provider/model of their own. */
function figuresRead(run: (db: SqlRunner) => unknown, named: boolean): { wanted: readonly GroupFigure[] | undefined; read: Set<string> } {
  const read = new Set<string>();
  let wanted: readonly GroupFigure[] | undefined;
  const totals = new Proxy({} as EventTotals, {
    get(_, figure) {
      read.add(String(figure));
      return sample(String(figure));
    },
  });
  const db: SqlRunner = {
    all: (sql) => (sql.includes('FROM models') ? [[1, 'gpt-4.1', named ? 'openai' : null]] : sql.includes('FROM agents') ? [[1, 'Agent', 'agt_1', 'chat', 'gpt-4.1']] : []),
    each: () => {},
    groupPass: (_scope, _groupBy, _costMode, asked) => {
      wanted = asked;
      return new Map([[1, totals]]);
    },
  };
  run(db);
  return { wanted, read };
}

describe('the figures a report names', () => {
  it('Usage by Agent reads exactly the figures it names', () => {
    const { wanted, read } = figuresRead((db) => agentReport(db, { report: 'agents', timeframe: 'all-time' }, range), true);
    expect(wanted).toEqual(agentFigures);
    expect([...read].sort()).toEqual([...agentFigures].sort());
  });

  it("Usage by Model reads exactly the figures it names, and the events' provider only where a model names none", () => {
    const named = figuresRead((db) => modelReport(db, { report: 'models', timeframe: 'all-time' }, range), true);
    expect(named.wanted).toEqual(modelFigures);
    expect([...named.read].sort()).toEqual([...modelFigures].sort());
    const unnamed = figuresRead((db) => modelReport(db, { report: 'models', timeframe: 'all-time' }, range), false);
    expect([...unnamed.read].sort()).toEqual([...modelFigures, 'eventProvider'].sort());
  });

  it('Usage by User reads exactly the figures it names', () => {
    const { wanted, read } = figuresRead((db) => userReport(db, { report: 'users', timeframe: 'all-time' }, range), true);
    expect(wanted).toEqual(userFigures);
    expect([...read].sort()).toEqual([...userFigures].sort());
  });

  it('Usage by Sub-Account reads exactly the figures it names, and the rows', () => {
    const { wanted, read } = figuresRead((db) => orgReport(db, { report: 'orgs', timeframe: 'all-time' }, range), true);
    expect(wanted).toEqual(orgFigures);
    expect([...read].sort()).toEqual([...orgFigures, 'rows'].sort());
  });
});
