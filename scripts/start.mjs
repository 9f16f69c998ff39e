// npm start: the extension running in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on the
// sample data, served on 127.0.0.1. Prints the URL to open; Ctrl+C stops it.
// Env: PORT (default 8080; if 8080 is taken, a free port), THEME ("Default Dark Modern"), TOOLS (.vscode-test/tools).
//
// What it does: builds (node esbuild.mjs); writes the sample database (shifted so that its last day is
// today) with dist/demoDb.js into the extension's global storage of a fresh user-data dir
// (.vscode-test/start), where the extension restores it on activation; links this checkout into the
// extensions dir as `<publisher>.<name>-<version>` (code-server 4.100 scans that folder, follows the
// symlink and registers it as an installed extension — checked by test/e2e/ui/checkStart.mjs, so no
// extensionDevelopmentPath payload is needed and the URL is a plain one); starts code-server.
// code-server runs in its own process group (detached = setsid); Ctrl+C, SIGTERM or SIGHUP stop the
// whole group (server, extension host, file watcher, pty host).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tools = resolve(root, process.env.TOOLS ?? '.vscode-test/tools');
const codeServer = join(tools, 'node_modules/.bin/code-server');
const home = join(root, '.vscode-test/start');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Resolves with the port if 127.0.0.1:port can be bound, else with undefined; port 0 → a free port. */
function tryPort(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(undefined));
    server.listen(port, '127.0.0.1', () => {
      const bound = server.address().port;
      server.close(() => resolvePort(bound));
    });
  });
}

async function choosePort() {
  if (process.env.PORT) return Number(process.env.PORT);
  const preferred = await tryPort(8080);
  if (preferred) return preferred;
  const free = await tryPort(0);
  console.log(`Port 8080 is in use; using ${free} (set PORT to choose).`);
  return free;
}

run(process.execPath, ['esbuild.mjs']);
if (!existsSync(codeServer)) {
  console.log('code-server is not installed yet: running scripts/setup-e2e.sh (apt + npm, about 2 minutes)…');
  run('bash', ['scripts/setup-e2e.sh']);
}

const port = await choosePort();
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
symlinkSync(root, join(extensions, `${extensionId}-${manifest.version}`), process.platform === 'win32' ? 'junction' : 'dir');
cpSync(join(root, 'media/sample'), join(workspace, 'sample-data'), { recursive: true });
writeFileSync(
  join(workspace, 'README.md'),
  '# Agent Usage Reports demo\n\nThe sample data is already loaded (shifted so that its last day is today).\n' +
    'Open the **Agent Usage** view in the activity bar, or run **Agent Usage: Open Reports** from the command palette.\n' +
    '`sample-data/` holds the same files for trying **Agent Usage: Import Usage Data…**.\n',
);
// the extension's globalStorageUri in code-server: <user-data-dir>/User/globalStorage/<publisher.name in lower case>
run(process.execPath, [join(root, 'dist/demoDb.js'), join(userData, 'User/globalStorage', extensionId.toLowerCase(), 'usage.sqlite')]);

const host = `127.0.0.1:${port}`;
const logFile = join(home, 'code-server.log');
const server = spawn(
  codeServer,
  ['--bind-addr', host, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--extensions-dir', extensions, '--user-data-dir', userData, '--config', join(home, 'config.yaml'), workspace],
  {
    detached: true, // own process group, stopped as a whole
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    env: { ...process.env, XDG_DATA_HOME: join(home, 'xdg-data'), XDG_CONFIG_HOME: join(home, 'xdg-config') },
  },
);

let stopping = false;
const killGroup = (signal) => {
  try {
    process.kill(-server.pid, signal);
  } catch {
    // already gone
  }
};
function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server…');
  killGroup('SIGTERM');
  const force = setTimeout(() => killGroup('SIGKILL'), 5000);
  const finish = () => {
    clearTimeout(force);
    // children (file watcher, extension host) may outlive the server process for a moment
    setTimeout(() => {
      killGroup('SIGKILL');
      process.exit(exitCode);
    }, 300);
  };
  if (server.exitCode !== null || server.signalCode !== null) finish();
  else server.once('exit', finish);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
process.on('exit', () => killGroup('SIGKILL')); // last resort, e.g. after an uncaught error
server.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`code-server exited (${signal ?? code}). Its log (${logFile}):\n`);
  console.error(readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'));
  killGroup('SIGKILL');
  process.exit(typeof code === 'number' && code !== 0 ? code : 1);
});

const url = `http://${host}/?folder=${encodeURIComponent(workspace)}`;
let announced = false;
for (let i = 0; i < 240 && !stopping; i++) {
  try {
    if ((await globalThis.fetch(`http://${host}/healthz`)).ok) {
      announced = true;
      console.log(
        `\nAgent Usage Reports is running in VS Code (code-server) on the sample data:\n\n    ${url}\n\n` +
          `Open it in a browser; Ctrl+C stops the server. Log: ${logFile}`,
      );
      break;
    }
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
if (!announced && !stopping) {
  console.error(`code-server did not answer on ${host} within 60 s; see ${logFile}`);
  stop(1);
}
