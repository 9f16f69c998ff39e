/**
 * Colours for canvas drawing, read from VS Code's CSS variables at render time. VS Code switches
 * themes by changing the body class (vscode-light / vscode-dark / vscode-high-contrast[-light]) and the
 * variables on <html>; `onThemeChange` fires (once per frame) after either changes.
 */

export interface ChartTheme {
  foreground: string;
  grid: string;
  series: string[];
  font: string;
  background: string;
  highContrast: boolean;
}

const seriesVariables = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const variable = (name: string): string => style.getPropertyValue(name).trim();
  const foreground = variable('--vscode-charts-foreground') || variable('--vscode-foreground') || style.color;
  const grid = variable('--vscode-charts-lines') || variable('--vscode-widget-border') || variable('--vscode-panel-border') || foreground;
  const series = seriesVariables.map(variable).filter((value) => value !== '');
  return {
    foreground,
    grid,
    series: series.length > 0 ? series : [foreground],
    font: `${style.fontSize || '12px'} ${style.fontFamily || 'sans-serif'}`,
    background: variable('--vscode-editor-background') || style.backgroundColor,
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

const listeners = new Set<() => void>();
let observer: MutationObserver | undefined;
let scheduled = false;

function notify(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    for (const listener of listeners) listener();
  });
}

/** Calls `listener` after a theme switch; returns the unsubscribe function. */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(notify);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  }
  return () => listeners.delete(listener);
}
