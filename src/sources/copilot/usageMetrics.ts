/**
 * GitHub Copilot usage metrics for an organisation: `GET /orgs/{org}/copilot/metrics/reports/users-1-day?day=`
 * once per UTC day of the window. Each answer is `{download_links[], report_day}`; the links are signed URLs
 * on a storage host serving NDJSON, one object per user and day. The token goes only to the API origin;
 * the links are downloaded by a downloader that sends no headers at all.
 *
 * A day with no report (HTTP 404: not processed yet, before 2025-10-10, older than a year) is skipped and
 * said through `onProgress`; when every day of the window is 404 the fetch fails, because that is also what
 * a wrong organisation name or a token without access looks like.
 */
import type { EventRecord } from '../../core/ingest/normalise';
import type { TextDownloader } from '../http/download';
import { FetchError, type JsonGetter } from '../http/types';
import { arrayOf, fieldOf, objectOf, shapeError, textOf } from '../openai/responseFields';
import { reportFileEvents } from './reportFile';

export const githubApiBaseUrl = 'https://api.github.com';
export const githubApiVersion = '2022-11-28';

const dayMs = 86_400_000;

export interface CopilotRequest {
  token: string;
  org: string;
  /** replaces https://api.github.com (GitHub Enterprise Server, tests) */
  baseUrl?: string;
  /** half-open, epoch ms on UTC day boundaries */
  window: { from: number; to: number };
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export function reportDays(window: { from: number; to: number }): string[] {
  const days: string[] = [];
  for (let day = window.from; day < window.to; day += dayMs) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/**
 * A download link as a URL. Signed links are https; plain http is accepted only when the API itself is
 * reached over http (a loopback test server, a lab proxy), never mixed into an https setup.
 */
function downloadLink(raw: unknown, apiBase: URL, place: string): URL {
  if (typeof raw !== 'string') throw shapeError(place, 'expected a download link (a string)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw shapeError(place, 'a download link is not a URL');
  }
  const allowed = apiBase.protocol === 'http:' ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) throw shapeError(place, `a download link must be https, got ${url.protocol}`);
  return url;
}

async function dayLinks(get: JsonGetter, request: CopilotRequest, apiBase: URL, day: string): Promise<URL[] | null> {
  const url = new URL(`/orgs/${encodeURIComponent(request.org)}/copilot/metrics/reports/users-1-day`, apiBase);
  url.searchParams.set('day', day);
  // `accept` in lower case: it replaces the client's own default instead of being joined to it
  const headers = { Authorization: `Bearer ${request.token}`, accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': githubApiVersion };
  let body: unknown;
  try {
    body = await get({ url, headers }, request.signal);
  } catch (error) {
    if (error instanceof FetchError && error.status === 404) return null;
    throw error;
  }
  const place = `users-1-day report for ${day}`;
  const answer = objectOf(body, place, 'the response');
  const reportDay = textOf(answer, 'report_day', place);
  if (reportDay !== null && reportDay !== day) throw shapeError(place, `report_day is ${reportDay}, asked for ${day}`);
  return arrayOf(fieldOf(answer, 'download_links'), place, 'download_links').map((link, index) => downloadLink(link, apiBase, `${place}, link ${index + 1}`));
}

export async function fetchCopilotUsage(get: JsonGetter, download: TextDownloader, request: CopilotRequest): Promise<EventRecord[]> {
  const apiBase = new URL(request.baseUrl ?? githubApiBaseUrl);
  const days = reportDays(request.window);
  const missing: string[] = [];
  const events: EventRecord[] = [];
  for (const [index, day] of days.entries()) {
    request.onProgress?.(`Copilot report ${day} (${index + 1} of ${days.length})`);
    const links = await dayLinks(get, request, apiBase, day);
    if (links === null) {
      missing.push(day);
      continue;
    }
    for (const link of links) {
      const text = await download(link, request.signal);
      events.push(...reportFileEvents(text, `${link.host}${link.pathname}`));
    }
  }
  if (days.length > 0 && missing.length === days.length) {
    throw new FetchError(`no users-1-day report for any day from ${days[0]} to ${days.at(-1)} (HTTP 404): check --github-org "${request.org}", that the token may read its Copilot metrics, and that the days are after 2025-10-10 and within a year`, 404);
  }
  if (missing.length > 0) request.onProgress?.(`no Copilot report yet for ${missing.join(', ')}`);
  return events;
}
