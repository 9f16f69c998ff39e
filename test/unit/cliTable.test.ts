import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cliTable';

describe('formatTable', () => {
  it('shows control characters from the data escaped, so an agent name cannot drive the terminal', () => {
    const table = formatTable(['agent_name', 'total_runs'], [['evil\u001b[2J\u0000', 3]]);
    expect(table.split('\n')[2]).toBe('evil\\x1b[2J\\x00           3');
    expect(table).not.toContain('\u001b');
  });
});
