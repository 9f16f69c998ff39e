/** The report's search box: emits its text after typing pauses (debounced), at once on Enter; Escape clears it. */
import type { ReportId } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { createTextfield, type VscodeTextfield } from './controls';
import { maxTextLength } from './state';

export const searchDebounceMs = 250;

export class SearchBox {
  readonly element: VscodeTextfield;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(report: ReportId, private readonly onSearch: (text: string) => void) {
    this.element = createTextfield(
      { type: 'search', label: reportSpec(report).search.placeholder, placeholder: reportSpec(report).search.placeholder, maxlength: maxTextLength, 'data-testid': 'search' },
      'search',
    );
    this.element.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), searchDebounceMs);
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.flush();
      if (event.key === 'Escape' && this.element.value) {
        event.preventDefault();
        this.clear();
      }
    });
  }

  get text(): string {
    return this.element.value.slice(0, maxTextLength);
  }

  /** Shows a text without emitting it (and drops a pending emit). */
  set text(value: string) {
    clearTimeout(this.timer);
    if (this.element.value !== value) this.element.value = value;
  }

  clear(): void {
    this.element.value = '';
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.onSearch(this.text);
  }
}
