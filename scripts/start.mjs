// npm start: the extension running in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on the
// sample data, served on 127.0.0.1. Prints the URL to open; Ctrl+C stops it.
// Env: PORT (default 8080), THEME ("Default Dark Modern"), TOOLS (.vscode-test/tools).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8080);
const tools = resolve(root, process.env.TOOLS ?? '.vscode-test/tools');
const codeServer = join(tools, 'node_modules/.bin/code-server');
const home = join(root, '.vscode-test/start');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['esbuild.mjs']);
if (!existsSync(codeServer)) {
  console.log('code-server is not installed yet: running scripts/setup-e2e.sh (apt + npm, about 2 minutes)…');
  run('bash', ['scripts/setup-e2e.sh']);
}

rmSync(home, { recursive: true, force: true });
const userData = join(home, 'user-data');
const extensions = join(home, 'extensions');
const workspace = join(home, 'workspace');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(extensions, { recursive: true });
mkdirSync(workspace, { recursive: true });
writeFileSync(
  join(userData, 'User/settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'workbench.tips.enabled': false,
      'workbench.colorTheme': process.env.THEME ?? 'Default Dark Modern',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
    },
    null,
    2,
  ),
);
symlinkSync(root, join(extensions, `${extensionId}-${manifest.version}`), 'dir');
cpSync(join(root, 'media/sample'), join(workspace, 'sample-data'), { recursive: true });
writeFileSync(
  join(workspace, 'README.md'),
  '# Agent Usage Reports demo\n\nThe sample data is already loaded (shifted so that its last day is today).\n' +
    'Open the **Agent Usage** view in the activity bar, or run **Agent Usage: Open Reports** from the command palette.\n' +
    '`sample-data/` holds the same files for trying **Agent Usage: Import Usage Data…**.\n',
);
run(process.execPath, [join(root, 'dist/demoDb.js'), join(userData, 'User/globalStorage', extensionId.toLowerCase(), 'usage.sqlite')]);

const server = spawn(
  codeServer,
  ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--extensions-dir', extensions, '--user-data-dir', userData, '--config', join(home, 'config.yaml'), workspace],
  { env: { ...process.env, XDG_DATA_HOME: join(home, 'xdg-data'), XDG_CONFIG_HOME: join(home, 'xdg-config') }, stdio: ['ignore', 'pipe', 'pipe'] },
);
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
let announced = false;
const announce = (chunk) => {
  if (!announced && /HTTP server listening/.test(String(chunk))) {
    announced = true;
    console.log(`\nAgent Usage Reports is running in VS Code ${'(code-server)'} on the sample data:\n\n    ${url}\n\nOpen it in a browser; Ctrl+C stops the server.`);
  }
};
server.stdout.on('data', announce);
server.stderr.on('data', announce);
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
