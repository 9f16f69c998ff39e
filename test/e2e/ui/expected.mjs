/**
 * What the UI must show for the shipped sample (media/sample), computed independently of the
 * extension from events.csv: Load Sample shifts the data by whole days so that its last day
 * (sampleLastDay) is today in the configured zone (UTC in these tests), so "the last N days" of the UI
 * are the N days ending on sampleLastDay here.
 *
 * Also loads src/core/reports/columns.ts (bundled on the fly by esbuild) for the column labels and names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { require, root } from '../../../scripts/codeServer.mjs';

export const sampleLastDay = '2026-11-15'; // src/core/sampleSet.ts

export async function loadColumns() {
  const { build } = require('esbuild');
  const result = await build({
    entryPoints: [join(root, 'src/core/reports/columns.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

function addDays(day, n) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function sampleExpectations() {
  const [head, ...lines] = readFileSync(join(root, 'media/sample/events.csv'), 'utf8').trim().split(/\r?\n/);
  const columns = head.split(',');
  const col = (name) => columns.indexOf(name);
  const [iTime, iAgent, iAgentName, iUser, iModel, iCredits] = ['timestamp', 'agent_id', 'agent_name', 'user_id', 'model', 'credits'].map(col);
  const events = lines.map((line) => {
    const cells = line.split(','); // the sample has no quoted cells
    return {
      day: cells[iTime].slice(0, 10),
      agentId: cells[iAgent],
      agentName: cells[iAgentName],
      userId: cells[iUser],
      model: cells[iModel],
      credits: Number(cells[iCredits] || 0),
    };
  });
  const between = (first, last) => events.filter((event) => event.day >= first && event.day <= last);
  const lastDays = (n) => between(addDays(sampleLastDay, -(n - 1)), sampleLastDay);
  const byAgent = (list) => {
    const map = new Map();
    for (const event of list) {
      const entry = map.get(event.agentId) ?? { id: event.agentId, name: event.agentName, runs: 0, credits: 0, models: new Set(), users: new Set() };
      entry.runs += 1;
      entry.credits += event.credits;
      entry.models.add(event.model);
      entry.users.add(event.userId);
      map.set(event.agentId, entry);
    }
    return [...map.values()];
  };
  const last30 = byAgent(lastDays(30));
  const last7 = byAgent(lastDays(7));
  const today = lastDays(1);
  /** the day shown in the UI for a sample day (shifted so that sampleLastDay is `todayUtc`) */
  const shiftDay = (sampleDay, todayUtc) => {
    const offset = Math.round((Date.parse(`${todayUtc}T00:00:00Z`) - Date.parse(`${sampleLastDay}T00:00:00Z`)) / 86_400_000);
    return addDays(sampleDay, offset);
  };
  const calendarSampleDay = addDays(sampleLastDay, -2);
  const calendarDay = between(calendarSampleDay, calendarSampleDay);
  const names = (list) => list.map((agent) => agent.name);
  const collator = new Intl.Collator('en');
  return {
    agentCount: new Set(events.map((event) => event.agentId)).size,
    last30: {
      agents: last30.length,
      runs: last30.reduce((sum, agent) => sum + agent.runs, 0),
      byRuns: names([...last30].sort((a, b) => b.runs - a.runs || collator.compare(a.name, b.name))),
      byCredits: names([...last30].sort((a, b) => b.credits - a.credits)),
      byName: names([...last30].sort((a, b) => collator.compare(a.name, b.name))),
      agent: (name) => last30.find((agent) => agent.name === name),
    },
    last7: { agents: last7.length, runs: last7.reduce((sum, agent) => sum + agent.runs, 0) },
    today: { runs: today.length, agents: new Set(today.map((e) => e.agentId)).size, users: new Set(today.map((e) => e.userId)).size },
    calendar: { sampleDay: calendarSampleDay, shiftDay, runs: calendarDay.length, agents: new Set(calendarDay.map((e) => e.agentId)).size },
  };
}
