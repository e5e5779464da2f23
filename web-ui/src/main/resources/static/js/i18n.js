// The pages' languages: one message catalog a language (i18n/<code>.json, a flat object of keys to
// ICU-like messages), the language chosen from what the user picked before (localStorage), else the
// browser's languages, else English. Messages take placeholders ({name}, {n, number}), plurals
// ({n, plural, one {# report} other {# reports}}, through Intl.PluralRules) and choices
// ({x, select, a {…} other {…}}). Numbers and times elsewhere format with locale().
//
// A page names the languages it offers on its root element: <html data-languages="en es so hmn">.
// Importing this module waits until the catalog is loaded (top-level await), so every module of the
// page can call t() while it starts.

export const LANGUAGE_NAMES = { en: 'English', es: 'Español', so: 'Soomaali', hmn: 'Hmoob' };
const STORAGE_KEY = 'standstill.language';
const FALLBACK = 'en';
const RTL = new Set(['ar', 'dv', 'fa', 'he', 'ps', 'ur', 'yi']);

let current = FALLBACK;
let messages = {};
let fallbackMessages = {};
const parsed = new Map();

/** The page's languages, from <html data-languages>. */
export function offeredLanguages(root = document.documentElement) {
  const listed = (root.dataset.languages ?? '').split(/\s+/).filter(Boolean);
  return listed.length ? listed : [FALLBACK];
}

/**
 * The language to show: the one stored, if offered; else the first of the browser's languages that is
 * offered (exactly, or by its primary subtag: "es-MX" → "es"); else English.
 */
export function chooseLanguage(offered, preferred = [], stored = null) {
  if (stored && offered.includes(stored)) return stored;
  for (const tag of preferred) {
    const lower = String(tag).toLowerCase();
    if (offered.includes(lower)) return lower;
    const primary = lower.split('-')[0];
    if (offered.includes(primary)) return primary;
  }
  return offered.includes(FALLBACK) ? FALLBACK : offered[0];
}

function storedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remembers the language for every page of this site, and shows the page again in it. */
export function switchLanguage(code) {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // storage disabled: the choice holds for this page only
  }
  window.location.reload();
}

/** The current language's code, for Intl (e.g. "so"). */
export function locale() {
  return current;
}

/** Locales for Intl formatters: the current language, with English where the browser has no data for it. */
export function intlLocales() {
  return current === FALLBACK ? [FALLBACK] : [current, FALLBACK];
}

async function fetchCatalog(code) {
  const response = await fetch(new URL(`i18n/${code}.json`, document.baseURI));
  if (!response.ok) throw new Error(`No catalog for ${code} (${response.status})`);
  return response.json();
}

/** Whether the catalog (current or English) has this key. */
export function has(key) {
  return key in messages || key in fallbackMessages;
}

/** The message of `key` with its placeholders filled; the English one where a catalog lacks it. */
export function t(key, params = {}) {
  const source = key in messages ? messages[key] : fallbackMessages[key];
  if (typeof source !== 'string') {
    console.warn(`No message for "${key}"`);
    return key;
  }
  let nodes = parsed.get(source);
  if (!nodes) {
    nodes = parse(source);
    parsed.set(source, nodes);
  }
  return render(nodes, params, undefined);
}

// --- ICU-like messages -----------------------------------------------------------------------------

/** Parses a message into text, '#', and {name, type, options} nodes. */
function parse(source) {
  let i = 0;
  function nodes(inPlural) {
    const out = [];
    let text = '';
    while (i < source.length) {
      const c = source[i];
      if (c === '}') break;
      if (c === '{') {
        if (text) out.push(text);
        text = '';
        i += 1;
        out.push(argument(inPlural));
      } else if (c === '#' && inPlural) {
        if (text) out.push(text);
        text = '';
        out.push({ pound: true });
        i += 1;
      } else {
        text += c;
        i += 1;
      }
    }
    if (text) out.push(text);
    return out;
  }
  function until(stops) {
    let word = '';
    while (i < source.length && !stops.includes(source[i])) word += source[i++];
    return word.trim();
  }
  function argument(inPlural) {
    const name = until(',}');
    if (source[i] === '}') {
      i += 1;
      return { name };
    }
    i += 1; // ','
    const type = until(',}');
    if (source[i] === '}') {
      i += 1;
      return { name, type };
    }
    i += 1; // ','
    const options = {};
    for (;;) {
      const selector = until('{}');
      if (source[i] !== '{') break;
      i += 1;
      options[selector] = nodes(type === 'plural' || (inPlural && type === 'select'));
      i += 1; // '}'
    }
    i += 1; // the argument's '}'
    return { name, type, options };
  }
  return nodes(false);
}

function render(nodes, params, pound) {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') out += node;
    else if (node.pound) out += pound ?? '#';
    else out += renderArgument(node, params, pound);
  }
  return out;
}

function renderArgument({ name, type, options }, params, pound) {
  const value = params[name];
  if (type === 'plural') {
    const n = Number(value);
    const exact = options[`=${n}`];
    const category = pluralRules().select(n);
    const chosen = exact ?? options[category] ?? options.other ?? [];
    return render(chosen, params, number(n));
  }
  if (type === 'select') return render(options[String(value)] ?? options.other ?? [], params, pound);
  if (type === 'number' || typeof value === 'number') return number(value);
  return value === undefined || value === null ? '' : String(value);
}

let rules = null;
function pluralRules() {
  rules ??= new Intl.PluralRules(intlLocales());
  return rules;
}

const numberFormats = new Map();
/** A whole or decimal number in the current language, e.g. 50,000 / 50.000 / 50 000. */
export function number(value, options = { maximumFractionDigits: 0 }) {
  if (!Number.isFinite(value)) return '–';
  const key = JSON.stringify(options);
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(intlLocales(), options));
  return numberFormats.get(key).format(value);
}

// --- the page ----------------------------------------------------------------------------------------

/**
 * Fills the page's marked elements: data-i18n="key" sets the text; data-i18n-<attribute>="key" sets that
 * attribute (data-i18n-aria-label, data-i18n-placeholder, data-i18n-title, data-i18n-content).
 */
export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('data-i18n-')) {
        element.setAttribute(attribute.name.slice('data-i18n-'.length), t(attribute.value));
      }
    }
  }
  if (root === document) {
    for (const template of document.querySelectorAll('template')) translate(template.content);
  }
}

/** The visible language menu, in every element marked data-language-switch. */
function mountSwitches(offered) {
  for (const slot of document.querySelectorAll('[data-language-switch]')) {
    const id = `language-${Math.random().toString(36).slice(2, 8)}`;
    const label = document.createElement('label');
    label.className = 'language-label';
    label.htmlFor = id;
    label.textContent = t('common.language');
    const select = document.createElement('select');
    select.id = id;
    select.className = 'language-switch';
    select.dataset.testid = 'language-switch';
    for (const code of offered) {
      const option = document.createElement('option');
      option.value = code;
      option.lang = code;
      option.textContent = LANGUAGE_NAMES[code] ?? code;
      select.append(option);
    }
    select.value = current;
    select.addEventListener('change', () => switchLanguage(select.value));
    slot.replaceChildren(label, select);
  }
}

async function start() {
  const offered = offeredLanguages();
  current = chooseLanguage(offered, navigator.languages ?? [navigator.language], storedLanguage());
  const [own, english] = await Promise.all([
    fetchCatalog(current).catch((error) => {
      console.warn(error);
      return {};
    }),
    current === FALLBACK ? null : fetchCatalog(FALLBACK).catch(() => ({})),
  ]);
  messages = own;
  fallbackMessages = english ?? own;
  if (!Object.keys(own).length) current = FALLBACK;
  const root = document.documentElement;
  root.lang = current;
  root.dir = own._meta?.dir ?? (RTL.has(current) ? 'rtl' : 'ltr');
  translate(document);
  mountSwitches(offered);
}

await start();
