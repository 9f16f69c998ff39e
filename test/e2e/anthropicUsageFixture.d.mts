export declare const usageReportPath: string;
export interface UsageResultCounts {
  model: string;
  apiKeyId: string;
  workspaceId?: string | null;
  uncached: number;
  cacheRead?: number;
  cache5m?: number;
  cache1h?: number;
  output: number;
}
export declare function usageResult(counts: UsageResultCounts): object;
export declare function usagePage(url: URL, resultsOf: (day: string) => object[]): object;
