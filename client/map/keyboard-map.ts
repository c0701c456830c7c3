import type OlMap from 'ol/Map.js';

/**
 * The map as a keyboard and a screen reader meet it: one stop in the Tab order with a name that
 * says what it is and which keys move it (OpenLayers' own keyboard interactions pan with the arrow
 * keys and zoom with + and - while the map has focus), and zoom buttons named in the page's
 * language rather than by their "+" and "–" glyphs.
 */

export interface MapWords {
  label: string;
  zoomIn: string;
  zoomOut: string;
}

export function keyboardMap(map: OlMap, words: MapWords): void {
  const target = map.getTargetElement();
  if (!target) return;
  target.tabIndex = 0;
  target.setAttribute('role', 'application');
  target.setAttribute('aria-label', words.label);
  const name = (selector: string, text: string) => {
    const button = target.querySelector<HTMLButtonElement>(selector);
    button?.setAttribute('aria-label', text);
    if (button) button.title = text;
  };
  name('.ol-zoom-in', words.zoomIn);
  name('.ol-zoom-out', words.zoomOut);
}
