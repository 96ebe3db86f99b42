// A small element builder. Text goes in as text nodes (never HTML), and there are no style attributes:
// the panel's Content-Security-Policy allows styles only from the stylesheet.
type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; title?: string; onClick?: (e: MouseEvent) => void; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.title) node.title = props.title;
  const onClick = props.onClick;
  if (onClick) node.addEventListener('click', (e) => onClick(e as MouseEvent));
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A link-styled button (keyboard reachable), for actions such as revealing a source line. */
export function linkButton(label: string, onClick: () => void, title?: string): HTMLButtonElement {
  return el('button', { class: 'link', title, onClick: (e) => (e.stopPropagation(), onClick()) }, label);
}
