/** Webview entry point: styles, then the app once the DOM is there. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('the webview HTML has no #app element');
  new App(root).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
