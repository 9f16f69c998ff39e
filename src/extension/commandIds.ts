/** Every command id of the extension in one place (pure: the manifest test compares it with package.json). */
import { reportSpecs, type ReportId } from '../shared/reports';

export const commandIds = {
  openReports: 'agentUsage.openReports',
  importData: 'agentUsage.importData',
  importFolder: 'agentUsage.importFolder',
  importClaudeCodeLogs: 'agentUsage.importClaudeCodeLogs',
  importCodexLogs: 'agentUsage.importCodexLogs',
  importOtelFile: 'agentUsage.importOtelFile',
  loadSample: 'agentUsage.loadSample',
  clearData: 'agentUsage.clearData',
  refresh: 'agentUsage.refresh',
  fetchUsage: 'agentUsage.fetchUsage',
  setApiKey: 'agentUsage.setApiKey',
  clearApiKey: 'agentUsage.clearApiKey',
  showAgent: 'agentUsage.showAgent',
  sortByRuns: 'agentUsage.topAgents.sortByRuns',
  sortByCredits: 'agentUsage.topAgents.sortByCredits',
  sortByTokens: 'agentUsage.topAgents.sortByTokens',
  sortByErrorRate: 'agentUsage.topAgents.sortByErrorRate',
} as const;

/** Export command → the report it writes: one per report spec (`spec.export.command`), registered from the specs. */
export const exportCommandReports: Readonly<Record<string, ReportId>> = Object.fromEntries(reportSpecs.map((spec) => [spec.export.command, spec.id]));

/**
 * Test hooks: registered only when the extension runs in development or test mode (never for an
 * installed extension) and never listed in package.json `contributes`.
 */
export const testCommandIds = {
  state: 'agentUsage.__testState',
  injectMessage: 'agentUsage.__testInjectMessage',
  setClock: 'agentUsage.__testSetClock',
  answerConfirm: 'agentUsage.__testAnswerConfirm',
  answerPrompt: 'agentUsage.__testAnswerPrompt',
  postedContains: 'agentUsage.__testPostedContains',
} as const;

export const viewIds = { topAgents: 'agentUsage.topAgents', container: 'agentUsage' } as const;
export const panelViewType = 'agentUsage.reports';
export const hasDataContextKey = 'agentUsage.hasData';
