import { button, h } from './dom.ts';
import { t } from './strings.ts';

export interface Sheet {
  /** Shows one panel, replacing whatever was shown; `onClose` runs when it is closed or replaced. */
  show(name: string, title: string, body: Node[], onClose?: () => void): void;
  close(): void;
  /** The panel shown, if any. */
  showing(): string | undefined;
  /** How much of the map the sheet covers from below, in pixels. */
  height(): number;
}

/** The panel that slides up over the bottom of the map: one at a time, closed with a button or Escape. */
export function createSheet(element: HTMLElement): Sheet {
  let name: string | undefined;
  let onClosed: (() => void) | undefined;
  const heading = h('h2', { id: 'sheet-title' });
  const body = h('div', { class: 'sheet-body' });
  const close = () => {
    element.hidden = true;
    name = undefined;
    const then = onClosed;
    onClosed = undefined;
    then?.();
  };
  const closeButton = button('×', close, 'sheet-close');
  closeButton.setAttribute('aria-label', t('sheet.close'));
  element.setAttribute('aria-labelledby', 'sheet-title');
  element.replaceChildren(h('div', { class: 'sheet-head' }, heading, closeButton), body);
  // How far the sheet reaches up the map, for the stylesheet: on a phone the legend stands above it.
  new ResizeObserver(() =>
    element.parentElement?.style.setProperty('--sheet-covered', `${element.hidden ? 0 : element.offsetHeight}px`),
  ).observe(element);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !element.hidden) close();
  });
  return {
    show(next, title, children, onClose) {
      if (name !== undefined) close();
      name = next;
      onClosed = onClose;
      element.dataset.panel = next;
      heading.textContent = title;
      body.replaceChildren(...children);
      element.hidden = false;
    },
    close() {
      if (name !== undefined) close();
    },
    showing: () => name,
    height: () => (element.hidden ? 0 : element.offsetHeight),
  };
}
