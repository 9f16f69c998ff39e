// npm start: the extension running in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on the
// sample data, served on 127.0.0.1. Prints the URL to open; Ctrl+C stops it.
// Env: PORT (default 8080; if 8080 is taken, a free port), THEME ("Default Dark Modern"), TOOLS (.vscode-test/tools).
//
// What it does: builds (node esbuild.mjs); writes the sample database (shifted so that its last day is
// today) with dist/tools/demoDb.js into the extension's global storage of a fresh user-data dir
// (.vscode-test/start), where the extension restores it on activation; links this checkout into the
// extensions dir as `<publisher>.<name>-<version>` (code-server 4.100 scans that folder, follows the
// symlink and registers it as an installed extension — checked by test/e2e/ui/checkStart.mjs, so no
// extensionDevelopmentPath payload is needed and the URL is a plain one); starts code-server.
// code-server runs in its own process group (detached = setsid); Ctrl+C, SIGTERM or SIGHUP stop the
// whole group (server, extension host, file watcher, pty host).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  codeServerBin, freePort, root, signalGroup, startCodeServer, stopGroup, waitForServer, workbenchSettings, workbenchUrl, writeSettings,
} from './codeServer.mjs';

const home = join(root, '.vscode-test/start');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function choosePort() {
  if (process.env.PORT) return Number(process.env.PORT);
  const port = await freePort(8080);
  if (port !== 8080) console.log(`Port 8080 is in use; using ${port} (set PORT to choose).`);
  return port;
}

run(process.execPath, ['esbuild.mjs']);
if (!existsSync(codeServerBin)) {
  console.log('code-server is not installed yet: running scripts/setup-e2e.sh (apt + npm, about 2 minutes)…');
  run('bash', ['scripts/setup-e2e.sh']);
}

const port = await choosePort();
rmSync(home, { recursive: true, force: true });
const userData = join(home, 'user-data');
const extensions = join(home, 'extensions');
const workspace = join(home, 'workspace');
mkdirSync(extensions, { recursive: true });
mkdirSync(workspace, { recursive: true });
writeSettings(userData, workbenchSettings({ 'workbench.colorTheme': process.env.THEME ?? 'Default Dark Modern' }));
symlinkSync(root, join(extensions, `${extensionId}-${manifest.version}`), process.platform === 'win32' ? 'junction' : 'dir');
cpSync(join(root, 'media/sample'), join(workspace, 'sample-data'), { recursive: true });
writeFileSync(
  join(workspace, 'README.md'),
  '# Agent Usage Reports demo\n\nThe sample data is already loaded (shifted so that its last day is today).\n' +
    'Open the **Agent Usage** view in the activity bar, or run **Agent Usage: Open Reports** from the command palette.\n' +
    '`sample-data/` holds the same files for trying **Agent Usage: Import Usage Data…**.\n',
);
// the extension's globalStorageUri in code-server: <user-data-dir>/User/globalStorage/<publisher.name in lower case>
run(process.execPath, [join(root, 'dist/tools/demoDb.js'), join(userData, 'User/globalStorage', extensionId.toLowerCase(), 'usage.sqlite')]);

const host = `127.0.0.1:${port}`;
const logFile = join(home, 'code-server.log');
const server = startCodeServer({
  host, userDataDir: userData, extensionsDir: extensions, configFile: join(home, 'config.yaml'), scratch: home, logFile, folder: workspace,
});

let stopping = false;
function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server…');
  void stopGroup(server).then(() => {
    // children (file watcher, extension host) may outlive the server process for a moment
    setTimeout(() => {
      signalGroup(server, 'SIGKILL');
      process.exit(exitCode);
    }, 300);
  });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
process.on('exit', () => signalGroup(server, 'SIGKILL')); // last resort, e.g. after an uncaught error
server.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`code-server exited (${signal ?? code}). Its log (${logFile}):\n`);
  console.error(readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'));
  signalGroup(server, 'SIGKILL');
  process.exit(typeof code === 'number' && code !== 0 ? code : 1);
});

try {
  await waitForServer(host, server, logFile);
  if (!stopping) {
    console.log(
      `\nAgent Usage Reports is running in VS Code (code-server) on the sample data:\n\n    ${workbenchUrl(host, workspace)}\n\n` +
        `Open it in a browser; Ctrl+C stops the server. Log: ${logFile}`,
    );
  }
} catch (error) {
  if (!stopping) {
    console.error(`${error.message}; see ${logFile}`);
    stop(1);
  }
}
