/**
 * What the UI must show for the shipped sample (media/sample), computed independently of the
 * extension from events.csv, for the instant `now` the runner pins the extension's clock to: Load
 * Sample shifts the data by whole days so that its last day (sampleLastDay) is today in the configured
 * zone (UTC in these tests) — but never past `now`: when the last event's time of day is later than
 * now's, the shift is just short enough that the last event happens at `now`. "The last N days" of
 * the UI are the N days ending today in the shifted data.
 *
 * Also loads the report specs (src/shared/reports, bundled on the fly by esbuild) for the column labels and names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { require, root } from '../../../scripts/codeServer.mjs';

export const sampleLastDay = '2026-11-15'; // src/core/sampleSet.ts
const DAY_MS = 86_400_000;

export async function loadColumns() {
  const { build } = require('esbuild');
  const result = await build({
    entryPoints: [join(root, 'src/shared/reports/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const { reportSpecs } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return { reportColumns: Object.fromEntries(reportSpecs.map((spec) => [spec.id, spec.columns])) };
}

function addDays(day, n) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function sampleExpectations(now) {
  const [head, ...lines] = readFileSync(join(root, 'media/sample/events.csv'), 'utf8').trim().split(/\r?\n/);
  const columns = head.split(',');
  const col = (name) => columns.indexOf(name);
  const [iTime, iAgent, iAgentName, iUser, iModel, iCredits] = ['timestamp', 'agent_id', 'agent_name', 'user_id', 'model', 'credits'].map(col);
  const events = lines.map((line) => {
    const cells = line.split(','); // the sample has no quoted cells
    return {
      time: Date.parse(cells[iTime]),
      agentId: cells[iAgent],
      agentName: cells[iAgentName],
      userId: cells[iUser],
      model: cells[iModel],
      credits: Number(cells[iCredits] || 0),
    };
  });
  const today = new Date(now).toISOString().slice(0, 10);
  const lastEvent = Math.max(...events.map((event) => event.time));
  const shift = Math.min(Date.parse(`${today}T00:00:00Z`) - Date.parse(`${sampleLastDay}T00:00:00Z`), now - lastEvent);
  if (shift % DAY_MS !== 0) console.log(`expected: the sample is shifted by ${shift / DAY_MS} days (last event ${new Date(lastEvent + shift).toISOString()})`);
  for (const event of events) event.day = new Date(event.time + shift).toISOString().slice(0, 10);
  const between = (first, last) => events.filter((event) => event.day >= first && event.day <= last);
  const lastDays = (n) => between(addDays(today, -(n - 1)), today);
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
  const todays = lastDays(1);
  const calendarDay = addDays(today, -2);
  const calendarEvents = between(calendarDay, calendarDay);
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
    today: { day: today, runs: todays.length, agents: new Set(todays.map((e) => e.agentId)).size, users: new Set(todays.map((e) => e.userId)).size },
    calendar: { day: calendarDay, runs: calendarEvents.length, agents: new Set(calendarEvents.map((e) => e.agentId)).size },
  };
}
