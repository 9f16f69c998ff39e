/**
 * Builders for the @vscode-elements controls the panel uses (only these element modules are imported,
 * so the bundle carries nothing else). Labels and option texts are set as text.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { el, type Attrs } from './dom';

export type { VscodeButton, VscodeCheckbox, VscodeSingleSelect, VscodeTextfield };

export interface SelectOption {
  value: string;
  label: string;
  description?: string;
}

export interface SelectSpec {
  /** accessible name */
  label: string;
  options: readonly SelectOption[];
  value: string;
  onChange(value: string): void;
  attrs?: Attrs;
  className?: string;
}

export function createSelect(spec: SelectSpec): VscodeSingleSelect {
  const select = el('vscode-single-select', { class: spec.className, attrs: { label: spec.label, ...spec.attrs } });
  setSelectOptions(select, spec.options, spec.value);
  select.addEventListener('change', () => spec.onChange(select.value));
  return select;
}

/** Replaces the options (by text) and selects `value` (the first option when it's not offered). */
export function setSelectOptions(select: VscodeSingleSelect, options: readonly SelectOption[], value: string): void {
  const offered = options.some((option) => option.value === value) ? value : (options[0]?.value ?? '');
  select.replaceChildren(
    ...options.map((option) =>
      el('vscode-option', {
        text: option.label,
        attrs: { value: option.value, selected: option.value === offered, description: option.description },
      }),
    ),
  );
  select.combobox = options.length > 25;
  if (select.combobox) select.setAttribute('filter', 'contains');
  select.value = offered;
}

export function setSelectValue(select: VscodeSingleSelect, value: string): void {
  if (select.value === value) return;
  for (const option of Array.from(select.children)) {
    if (option.getAttribute('value') === value) option.setAttribute('selected', '');
    else option.removeAttribute('selected');
  }
  select.value = value;
}

export function createButton(text: string, onClick: () => void, options: { secondary?: boolean; attrs?: Attrs; className?: string } = {}): VscodeButton {
  const button = el('vscode-button', { text, class: options.className, attrs: { secondary: options.secondary, ...options.attrs } });
  button.addEventListener('click', () => {
    if (!button.disabled) onClick();
  });
  return button;
}

export function createTextfield(attrs: Attrs, className?: string): VscodeTextfield {
  return el('vscode-textfield', { class: className, attrs });
}

export function createCheckbox(label: string, checked: boolean, onChange: (checked: boolean) => void): VscodeCheckbox {
  const checkbox = el('vscode-checkbox', { attrs: { label } });
  checkbox.checked = checked;
  checkbox.addEventListener('change', () => onChange(checkbox.checked));
  return checkbox;
}

/** A small visible caption for a control (the control also carries the name as aria label). */
export function labelled(caption: string, control: HTMLElement, className = ''): HTMLElement {
  return el('div', { class: `field ${className}`.trim() }, [el('span', { class: 'field-label', text: caption, attrs: { 'aria-hidden': 'true' } }), control]);
}

