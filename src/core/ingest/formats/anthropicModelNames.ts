/**
 * The Anthropic Console's cost export names models by display name ("Claude Haiku 4.5"); usage rows and
 * the price table use model ids ("claude-haiku-4-5"). Current names become ids by rule: lower case, and
 * every run of spaces or dots becomes one "-". The table holds the known names the rule gets wrong:
 * models from before Claude 4, whose ids put the version before the family (claude-3-5-haiku), and
 * Claude 2, whose ids keep the dot.
 */
const knownNames = new Map<string, string>([
  ['claude haiku 3', 'claude-3-haiku'],
  ['claude sonnet 3', 'claude-3-sonnet'],
  ['claude opus 3', 'claude-3-opus'],
  ['claude haiku 3.5', 'claude-3-5-haiku'],
  ['claude sonnet 3.5', 'claude-3-5-sonnet'],
  ['claude sonnet 3.7', 'claude-3-7-sonnet'],
  ['claude 2', 'claude-2.0'],
  ['claude 2.0', 'claude-2.0'],
  ['claude 2.1', 'claude-2.1'],
  ['claude instant 1.2', 'claude-instant-1.2'],
]);

export function anthropicModelId(displayName: string): string {
  const name = displayName.trim().toLowerCase().replace(/\s+/g, ' ');
  return knownNames.get(name) ?? name.replace(/[\s.]+/g, '-');
}
