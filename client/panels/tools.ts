import { type MessageKey, t } from '../i18n/index.ts';

export interface Tool {
  id: string;
  /** Builds the tool's panel the first time it is opened. */
  render(container: HTMLElement): void;
  /** Called when the tool is shown again after being closed, to redraw what it showed. */
  open?(): void;
  /** Called when the tool is closed or another tool takes over, so it can clear what it drew. */
  close?(): void;
}

/**
 * Scrolls a strip of tabs so that `tab` is in it whole and the strip's left edge falls where a tab
 * begins, so no word is cut there ("势" of 态势): to the first tab start that shows it, with room
 * added after the last tab when the strip cannot scroll that far. A tab in view leaves it still.
 */
function revealTab(strip: HTMLElement, tab: HTMLElement): void {
  strip.style.paddingInlineEnd = '';
  const box = strip.getBoundingClientRect();
  const startOf = (el: Element) => el.getBoundingClientRect().left - box.left - strip.clientLeft + strip.scrollLeft;
  const view = strip.clientWidth;
  const start = startOf(tab);
  const end = start + tab.getBoundingClientRect().width;
  if (start >= strip.scrollLeft - 0.5 && end <= strip.scrollLeft + view + 0.5) return;
  const left =
    start < strip.scrollLeft ? start : ([...strip.children].map(startOf).find((at) => at + view >= end - 0.5) ?? start);
  const room = Math.ceil(left + view - strip.scrollWidth);
  if (room > 0) strip.style.paddingInlineEnd = `${room}px`;
  strip.scrollLeft = left;
}

/**
 * The analysis tools behind tabs: one open at a time, the open one kept in the URL. On a phone the
 * panel is a sheet at the bottom of the screen.
 */
export function renderTools(
  element: HTMLElement,
  tools: Tool[],
  initial: string | undefined,
  onChange: (id: string | undefined) => void,
) {
  const tabs = document.createElement('div');
  tabs.className = 'tool-tabs';
  tabs.setAttribute('role', 'tablist');
  const body = document.createElement('div');
  body.className = 'tool-body';
  const rendered = new Map<string, HTMLElement>();
  let open: Tool | undefined;

  const select = (tool: Tool | undefined) => {
    // Closed by its own tab or replaced by another: either way what it drew goes.
    open?.close?.();
    open = open === tool ? undefined : tool;
    for (const button of tabs.querySelectorAll('button'))
      button.setAttribute('aria-selected', String(button.dataset.tool === open?.id));
    for (const [id, panel] of rendered) panel.hidden = id !== open?.id;
    if (open && !rendered.has(open.id)) {
      const panel = document.createElement('section');
      panel.dataset.tool = open.id;
      body.append(panel);
      rendered.set(open.id, panel);
      open.render(panel);
    } else {
      open?.open?.();
    }
    element.classList.toggle('open', open !== undefined);
    // The strip scrolls when the tabs outnumber its width: the open one is brought into it, once the
    // panel has its width (the administrator's is wider).
    const tab = [...tabs.children].find((b) => b.getAttribute('aria-selected') === 'true');
    if (tab) revealTab(tabs, tab as HTMLElement);
    onChange(open?.id);
  };

  for (const tool of tools) {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('role', 'tab');
    button.dataset.tool = tool.id;
    button.textContent = t(`tool.${tool.id}` as MessageKey);
    button.addEventListener('click', () => select(tool));
    tabs.append(button);
  }
  element.replaceChildren(tabs, body);
  const first = tools.find((tool) => tool.id === initial);
  if (first) select(first);
  return {
    active: () => open?.id,
    /** Opens a tool (leaving it open if it is). */
    show(id: string) {
      const tool = tools.find((t) => t.id === id);
      if (tool && open !== tool) select(tool);
    },
  };
}
