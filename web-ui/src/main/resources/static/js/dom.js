// Small DOM helpers. Elements the page updates are found by their data-testid, which is also
// the stable hook for browser tests.

export function byTestId(testId, root = document) {
  const element = root.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
  if (!element) throw new Error(`Missing element [data-testid="${testId}"]`);
  return element;
}

/**
 * Creates an element with attributes and children (strings become text, never HTML). A `style` of
 * "property: value; ..." is set property by property: the pages' Content-Security-Policy refuses
 * style attributes, not styles set through the DOM.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === 'style') {
      for (const declaration of String(value).split(';')) {
        const colon = declaration.indexOf(':');
        if (colon > 0) {
          element.style.setProperty(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
        }
      }
    } else {
      element.setAttribute(name, value);
    }
  }
  element.append(...children);
  return element;
}

/** Shows a number formatted for people, keeping the raw figure in data-value. */
export function setNumber(element, value, format) {
  element.textContent = format(value);
  element.dataset.value = Number.isFinite(value) ? String(value) : '';
}
