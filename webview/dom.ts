/**
 * Tiny element builders. Text goes in through `textContent` only and attributes through
 * `setAttribute` on names written in our code — never HTML strings, so data can't become markup.
 */

export type Attrs = Record<string, string | number | boolean | undefined | null>;

export interface ElOptions {
  class?: string;
  text?: string;
  attrs?: Attrs;
}

/** Creates an element; boolean `true` sets an empty attribute, false/null/undefined leaves it out. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  children: readonly (Node | string | null | undefined | false)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.attrs) setAttrs(node, options.attrs);
  if (options.text !== undefined) node.textContent = options.text;
  append(node, children);
  return node;
}

export function setAttrs(node: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') throw new Error(`refusing to set attribute "${name}"`);
    if (value === undefined || value === null || value === false) node.removeAttribute(name);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, children: readonly (Node | string | null | undefined | false)[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Removes every child, then appends the given ones. */
export function replaceChildren(parent: Element, children: readonly (Node | string | null | undefined | false)[] = []): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Sets text only when it changed (cheap for the table's recycled cells). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

let idCounter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}
