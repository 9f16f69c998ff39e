/**
 * The report's filter controls, fed by HostState.filterOptions: agent type, model and creator (Usage by
 * Agent), the organisation on every tab (with "All organisations"), and "Include sub-organisations"
 * on Usage by User and Usage by Sub-Account.
 */
import type { FilterOptions, ReportFilters, ReportId } from '../src/protocol';
import {
  createCheckbox,
  createSelect,
  labelled,
  setSelectOptions,
  type SelectOption,
  type VscodeCheckbox,
  type VscodeSingleSelect,
} from './controls';
import { el } from './dom';
import { reportFilterKeys } from './state';

type SelectKey = 'agentType' | 'model' | 'createdBy' | 'orgId';

const captions: Record<SelectKey, { caption: string; all: string }> = {
  agentType: { caption: 'Agent type', all: 'All agent types' },
  model: { caption: 'Model', all: 'All models' },
  createdBy: { caption: 'Created by', all: 'Anyone' },
  orgId: { caption: 'Organisation', all: 'All organisations' },
};

/** Organisations in tree order, indented by depth. */
export function orgOptions(orgs: FilterOptions['orgs']): SelectOption[] {
  const known = new Set(orgs.map((org) => org.value));
  const children = new Map<string | null, FilterOptions['orgs']>();
  for (const org of orgs) {
    const parent = org.parent !== null && known.has(org.parent) ? org.parent : null;
    const list = children.get(parent) ?? [];
    list.push(org);
    children.set(parent, list);
  }
  const result: SelectOption[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const org of children.get(parent) ?? []) {
      if (seen.has(org.value)) continue;
      seen.add(org.value);
      // the select trims option labels (including NBSPs), so depth is drawn with a visible marker
      result.push({ value: org.value, label: `${'› '.repeat(Math.min(depth, 8))}${org.label}` });
      walk(org.value, depth + 1);
    }
  };
  walk(null, 0);
  for (const org of orgs) if (!seen.has(org.value)) result.push({ value: org.value, label: org.label });
  return result;
}

function optionsFor(key: SelectKey, options: FilterOptions): SelectOption[] {
  const all = { value: '', label: captions[key].all };
  switch (key) {
    case 'agentType':
      return [all, ...options.agentTypes.map((value) => ({ value, label: value }))];
    case 'model':
      return [all, ...options.models.map((value) => ({ value, label: value }))];
    case 'createdBy':
      return [all, ...options.creators.map((option) => ({ value: option.value, label: option.label }))];
    case 'orgId':
      return [all, ...orgOptions(options.orgs)];
  }
}

export class FilterBar {
  readonly element: HTMLDivElement;
  private readonly selects = new Map<SelectKey, VscodeSingleSelect>();
  private readonly subOrgs: VscodeCheckbox | undefined;
  private filters: ReportFilters = {};

  constructor(report: ReportId, private readonly onChange: (filters: ReportFilters) => void) {
    this.element = el('div', { class: 'filters', attrs: { role: 'group', 'aria-label': 'Filters' } });
    for (const key of reportFilterKeys(report)) {
      if (key === 'includeSubOrgs') continue;
      if (key !== 'agentType' && key !== 'model' && key !== 'createdBy' && key !== 'orgId') continue;
      const select = createSelect({
        label: captions[key].caption,
        options: [{ value: '', label: captions[key].all }],
        value: '',
        onChange: (value) => this.change(key, value),
        attrs: { 'data-filter': key },
        className: 'filter-select',
      });
      this.selects.set(key, select);
      this.element.appendChild(labelled(captions[key].caption, select));
    }
    if (reportFilterKeys(report).includes('includeSubOrgs')) {
      this.subOrgs = createCheckbox('Include sub-organisations', false, (checked) => {
        const next = { ...this.filters };
        if (checked) next.includeSubOrgs = true;
        else delete next.includeSubOrgs;
        this.filters = next;
        this.onChange(next);
      });
      this.subOrgs.setAttribute('data-filter', 'includeSubOrgs');
      this.element.appendChild(el('div', { class: 'field field-checkbox' }, [this.subOrgs]));
    }
  }

  /** Fills the pickers from the host's options and shows `filters` without emitting. */
  set(filters: ReportFilters, options: FilterOptions | undefined): void {
    this.filters = { ...filters };
    for (const [key, select] of this.selects) {
      const list = options ? optionsFor(key, options) : [{ value: '', label: captions[key].all }];
      const value = filters[key] ?? '';
      // keep a chosen value that the data no longer offers visible, so the query and the picker agree
      if (value && !list.some((option) => option.value === value)) list.push({ value, label: value });
      setSelectOptions(select, list, value);
    }
    if (this.subOrgs) this.subOrgs.checked = filters.includeSubOrgs === true;
  }

  private change(key: SelectKey, value: string): void {
    if ((this.filters[key] ?? '') === value) return;
    const next = { ...this.filters };
    if (value) next[key] = value;
    else delete next[key];
    this.filters = next;
    this.onChange(next);
  }
}
