/** The tab's loading bar and its error banner (with Retry). */
import { createButton } from './controls';
import { el, replaceChildren } from './dom';

export class LoadStatus {
  readonly progress: HTMLElement;
  readonly errorBanner: HTMLDivElement;

  constructor(private readonly retry: () => void) {
    this.progress = el('vscode-progress-bar', { class: 'progress', attrs: { indeterminate: true, 'aria-label': 'Loading report' } });
    this.progress.hidden = true;
    this.errorBanner = el('div', { class: 'error-banner', attrs: { role: 'alert' } });
    this.errorBanner.hidden = true;
  }

  setBusy(busy: boolean): void {
    this.progress.hidden = !busy;
  }

  showError(message: string): void {
    const retry = createButton('Retry', this.retry, { secondary: true });
    replaceChildren(this.errorBanner, [el('span', { class: 'error-text', text: message }), retry]);
    this.errorBanner.hidden = false;
  }

  hideError(): void {
    this.errorBanner.hidden = true;
  }
}
