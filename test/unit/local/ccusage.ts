/**
 * Runs ccusage 20.0.24 (the devDependency, else `npx ccusage@20.0.24` from the npm cache) on a Claude Code
 * folder, sealed off from the machine's own data and settings: `CLAUDE_CONFIG_DIR` names the folder, and
 * HOME, XDG_CACHE_HOME and the working directory are a fresh temp dir (no `~/.claude`, no ccusage config
 * file, no cache from another run).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

export const ccusageVersion = '20.0.24';

export interface CcusageModelDay {
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

export interface CcusageDay {
  date: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  modelBreakdowns: CcusageModelDay[];
}

function installedCli(): string[] | null {
  try {
    const require = createRequire(path.join(process.cwd(), 'package.json'));
    const manifest = require.resolve('ccusage/package.json');
    const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
    return version === ccusageVersion ? [process.execPath, path.join(path.dirname(manifest), 'src', 'cli.js')] : null;
  } catch {
    return null;
  }
}

const npmCache = process.env.npm_config_cache ?? path.join(os.homedir(), '.npm');

function run(command: readonly string[], args: readonly string[], env: Record<string, string> = {}): string {
  const sealed = fs.mkdtempSync(path.join(os.tmpdir(), 'ccusage-home-'));
  try {
    return execFileSync(command[0]!, [...command.slice(1), ...args], {
      cwd: sealed,
      env: { ...process.env, HOME: sealed, XDG_CACHE_HOME: path.join(sealed, 'cache'), npm_config_cache: npmCache, NO_COLOR: '1', ...env },
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    fs.rmSync(sealed, { recursive: true, force: true });
  }
}

/** How to start ccusage 20.0.24 here, or why it cannot run. */
export function findCcusage(): { command: string[] } | { reason: string } {
  const candidates = [installedCli(), ['npx', '--yes', `ccusage@${ccusageVersion}`]].filter((c): c is string[] => c !== null);
  const failures: string[] = [];
  for (const command of candidates) {
    try {
      const version = run(command, ['--version']).trim();
      if (version.endsWith(ccusageVersion)) return { command };
      failures.push(`${command.join(' ')} --version printed ${version}`);
    } catch (error) {
      failures.push(`${command.join(' ')}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { reason: failures.join('; ') };
}

/** `ccusage claude daily --json --offline --breakdown --timezone <zone>` over the folder's `projects/`. */
export function ccusageDaily(command: readonly string[], claudeDir: string, timeZone: string): CcusageDay[] {
  const output = run(command, ['claude', 'daily', '--json', '--offline', '--breakdown', '--timezone', timeZone], { CLAUDE_CONFIG_DIR: claudeDir });
  return (JSON.parse(output) as { daily: CcusageDay[] }).daily;
}
