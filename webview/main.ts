/** Webview entry point: styles, then the app once the DOM is there, on VS Code's webview API. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app';
import { HostChannel } from './hostChannel';
import { UiStore } from './state';
import { vscodeHost } from './ipc';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('the webview HTML has no #app element');
  const host = vscodeHost();
  new App(root, new HostChannel(host), new UiStore(host)).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
