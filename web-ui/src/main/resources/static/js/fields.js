// Field errors next to their fields: a server problem's errors [{field, message}] (or the page's own
// checks) shown by the inputs marked data-field, in slots marked data-error-for, and listed in a summary.

import { h } from './dom.js';
import { humanize } from './format.js';
import { t } from './i18n.js';

/** A server field name ("business.location.lat", "participants") → the form field showing it. */
export function formField(serverField) {
  const field = String(serverField ?? '');
  if (/\.location(\.|$)/.test(field) || field === 'location') return 'location';
  const parts = field.split('.');
  const last = parts.at(-1);
  // A subject's id ("business.id": a place picked from the map) is shown by its name; the day's own id is "id".
  return last === 'id' && parts.length > 1 ? 'name' : last;
}

/** Shows errors next to their fields inside `root` (elements with data-field / data-error-for). */
export function showFieldErrors(root, summary, errors, { extra = [] } = {}) {
  for (const element of root.querySelectorAll('[data-error-for]')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const element of root.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
  const unplaced = [];
  for (const error of errors) {
    const field = formField(error.field);
    const slot = root.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    const input = root.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (input) input.setAttribute('aria-invalid', 'true');
    if (slot) {
      slot.textContent = error.message;
      slot.hidden = false;
    } else {
      unplaced.push(error);
    }
  }
  const lines = [...extra, ...errors.map((e) => t('common.fieldError', { field: labelOf(root, e.field), message: e.message }))];
  summary.hidden = lines.length === 0;
  summary.replaceChildren(...(lines.length
    ? [h('p', {}, h('strong', {}, t('common.pleaseCheck'))), h('ul', {}, ...lines.map((line) => h('li', {}, line)))]
    : []));
  const first = root.querySelector('[aria-invalid="true"]');
  return { first, unplaced };
}

function labelOf(root, serverField) {
  const field = formField(serverField);
  if (field === 'location') return t('reporter.field.location');
  const input = root.querySelector(`[data-field="${CSS.escape(field)}"]`);
  const label = input?.labels?.[0]?.textContent ?? input?.querySelector?.('legend')?.textContent;
  return (label ?? humanize(field.toUpperCase())).trim().replace(/…$/, '');
}

