/** Every command id of the extension in one place (pure: the manifest test compares it with package.json). */
import type { ReportId } from '../core/reports/columns';

export const commandIds = {
  openReports: 'agentUsage.openReports',
  importData: 'agentUsage.importData',
  loadSample: 'agentUsage.loadSample',
  clearData: 'agentUsage.clearData',
  exportAgents: 'agentUsage.exportAgents',
  exportUsers: 'agentUsage.exportUsers',
  exportUserUsage: 'agentUsage.exportUserUsage',
  exportModels: 'agentUsage.exportModels',
  exportOrgs: 'agentUsage.exportOrgs',
  refresh: 'agentUsage.refresh',
  showAgent: 'agentUsage.showAgent',
  sortByRuns: 'agentUsage.topAgents.sortByRuns',
  sortByCredits: 'agentUsage.topAgents.sortByCredits',
  sortByTokens: 'agentUsage.topAgents.sortByTokens',
  sortByErrorRate: 'agentUsage.topAgents.sortByErrorRate',
} as const;

/** Export command → the report it writes. */
export const exportCommandReports: Readonly<Record<string, ReportId>> = {
  [commandIds.exportAgents]: 'agents',
  [commandIds.exportUsers]: 'users',
  [commandIds.exportUserUsage]: 'user-usage',
  [commandIds.exportModels]: 'models',
  [commandIds.exportOrgs]: 'orgs',
};

/**
 * Test hooks: registered only when the extension runs in development or test mode (never for an
 * installed extension) and never listed in package.json `contributes`.
 */
export const testCommandIds = {
  state: 'agentUsage.__testState',
  injectMessage: 'agentUsage.__testInjectMessage',
  setClock: 'agentUsage.__testSetClock',
} as const;

export const viewIds = { topAgents: 'agentUsage.topAgents', container: 'agentUsage' } as const;
export const panelViewType = 'agentUsage.reports';
export const hasDataContextKey = 'agentUsage.hasData';
