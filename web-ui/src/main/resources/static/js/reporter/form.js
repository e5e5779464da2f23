// The report form: three kinds (closure, walkout, headcount), the place (picked from the nearby
// list or typed), the figures, and the server's field errors shown next to the fields they name.

import { byTestId, h } from '../dom.js';
import { formField, showFieldErrors } from '../fields.js';
import { humanize } from '../format.js';
import { t } from '../i18n.js';
import { SECTORS } from '../sectors.js';

const SUBJECT = { CLOSURE: 'business', WALKOUT: 'workplace', HEADCOUNT: 'rally' };
export const MAX_PARTICIPANTS = 1_000_000;
export const MAX_HEADCOUNT = 10_000_000;
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** "50,000" or "50 000" → 50000; anything else that is not a whole number → NaN; empty → null. */
export function parseCount(text) {
  const cleaned = String(text ?? '').trim().replace(/[\s,.'_]/g, '');
  if (cleaned === '') return null;
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** Checks the figures of a kind; returns [{field, message}]. Shared by the report and correction forms. */
export function checkFigures(kind, figures) {
  const errors = [];
  if (kind === 'WALKOUT') {
    if (figures.participants === null) errors.push({ field: 'participants', message: t('reporter.check.participantsMissing') });
    else if (!Number.isInteger(figures.participants) || figures.participants > MAX_PARTICIPANTS) {
      errors.push({ field: 'participants', message: t('reporter.check.wholeFromTo', { min: 0, max: MAX_PARTICIPANTS }) });
    }
    if (Number.isNaN(figures.workforce)) errors.push({ field: 'workforce', message: t('reporter.check.wholeOrEmpty') });
    else if (figures.workforce !== null && Number.isInteger(figures.participants) && figures.workforce < figures.participants) {
      errors.push({ field: 'workforce', message: t('reporter.check.workforceSmaller') });
    }
  }
  if (kind === 'HEADCOUNT') {
    if (figures.headcount === null) errors.push({ field: 'headcount', message: t('reporter.check.headcountMissing') });
    else if (!Number.isInteger(figures.headcount) || figures.headcount < 1 || figures.headcount > MAX_HEADCOUNT) {
      errors.push({ field: 'headcount', message: t('reporter.check.wholeFromTo', { min: 1, max: MAX_HEADCOUNT }) });
    }
  }
  return errors;
}

/** An observedAt from a datetime-local value (the phone's time zone); null when empty. */
export function observedAtFrom(value, now = Date.now()) {
  if (!value) return { observedAt: null };
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return { error: t('reporter.check.badTime') };
  if (time > now + CLOCK_SKEW_MS) return { error: t('reporter.check.future') };
  return { observedAt: new Date(time).toISOString() };
}

/**
 * @param {{getLocation: () => ({lat, lon}|null), onKind: (kind) => void}} options
 */
export function createReportForm({ getLocation, onKind }) {
  const form = byTestId('report-form');
  const nameInput = byTestId('name-input');
  const nameLabel = byTestId('name-label');
  const sector = byTestId('sector-select');
  const errorsBox = byTestId('form-errors');
  const observed = byTestId('observed-input');
  const more = byTestId('more-details');
  let picked = null; // {subjectId, name, sector, lat, lon}

  sector.replaceChildren(h('option', { value: '' }, t('common.choose')),
    ...SECTORS.map((s) => h('option', { value: s }, humanize(s, 'sector'))));

  const kind = () => form.elements.kind.value;

  function showKind() {
    const current = kind();
    for (const element of form.querySelectorAll('[data-for-kinds]')) {
      element.hidden = !element.dataset.forKinds.split(' ').includes(current);
    }
    nameLabel.textContent = t(`reporter.form.name.${current}`);
    unpick();
    onKind(current);
  }

  function unpick() {
    picked = null;
    nameInput.removeAttribute('data-subject-id');
  }

  nameInput.addEventListener('input', () => {
    if (picked && nameInput.value.trim() !== picked.name) unpick();
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'kind') showKind();
  });

  function read() {
    const current = kind();
    const values = form.elements;
    const errors = [];
    const extra = [];
    const name = nameInput.value.trim();
    if (!name) errors.push({ field: 'name', message: t('reporter.check.nameMissing') });
    const location = picked ? { lat: picked.lat, lon: picked.lon } : getLocation();
    if (!location) extra.push(t('reporter.check.locationMissing'));
    if (current !== 'HEADCOUNT' && !sector.value) errors.push({ field: 'sector', message: t('reporter.check.sectorMissing') });
    const figures = {
      participants: parseCount(values.participants.value),
      workforce: parseCount(values.workforce.value),
      headcount: parseCount(values.headcount.value),
    };
    errors.push(...checkFigures(current, figures));
    const when = observedAtFrom(observed.value);
    if (when.error) errors.push({ field: 'observedAt', message: when.error });
    const note = values.note.value.trim();

    const subject = { name, location };
    if (picked) subject.id = picked.subjectId;
    if (current !== 'HEADCOUNT') subject.sector = sector.value;
    const body = { kind: current, observedAt: when.observedAt, [SUBJECT[current]]: subject };
    if (note) body.note = note;
    if (current === 'CLOSURE') {
      body.status = values.status.value;
      if (values.reason.value) body.reason = values.reason.value;
    } else if (current === 'WALKOUT') {
      body.type = values.type.value;
      body.participants = figures.participants;
      if (figures.workforce !== null) body.workforce = figures.workforce;
    } else {
      body.headcount = figures.headcount;
      body.method = values.method.value;
    }
    return { errors, extra, body };
  }

  return {
    form,
    get kind() {
      return kind();
    },
    /** Validates; answers the body of a new report (without reportId) or null, showing why not. */
    take() {
      const { errors, extra, body } = read();
      const { first } = showFieldErrors(form, errorsBox, errors, { extra });
      if (errors.length || extra.length) {
        if (!first) errorsBox.tabIndex = -1;
        (first ?? errorsBox).focus();
        return null;
      }
      return body;
    },
    /** A nearby place chosen from the list. */
    pick(place) {
      picked = place;
      nameInput.value = place.name;
      nameInput.dataset.subjectId = place.subjectId;
      if (place.sector) sector.value = place.sector;
    },
    get picked() {
      return picked;
    },
    /** Empties the figures after a report was queued, keeping the kind and the sector. */
    reset() {
      nameInput.value = '';
      unpick();
      for (const name of ['participants', 'workforce', 'headcount', 'note']) form.elements[name].value = '';
      observed.value = '';
      more.open = false;
      showFieldErrors(form, errorsBox, []);
    },
    /** Loads a refused report back into the form with the server's reasons ("fix and send again"). */
    load(body, errors = []) {
      const current = body.kind;
      form.elements.kind.value = current;
      showKind();
      const subject = body[SUBJECT[current]] ?? {};
      nameInput.value = subject.name ?? '';
      if (subject.id) picked = { subjectId: subject.id, name: subject.name, sector: subject.sector, ...subject.location };
      if (subject.sector) sector.value = subject.sector;
      if (current === 'CLOSURE') {
        form.elements.status.value = body.status;
        form.elements.reason.value = body.reason ?? '';
      }
      if (current === 'WALKOUT') {
        form.elements.type.value = body.type;
        form.elements.participants.value = body.participants ?? '';
        form.elements.workforce.value = body.workforce ?? '';
      }
      if (current === 'HEADCOUNT') {
        form.elements.headcount.value = body.headcount ?? '';
        form.elements.method.value = body.method;
      }
      form.elements.note.value = body.note ?? '';
      observed.value = body.observedAt ? toLocalInput(body.observedAt) : '';
      more.open = Boolean(body.note || errors.some((e) => ['observedAt', 'note'].includes(formField(e.field))));
      const { first } = showFieldErrors(form, errorsBox, errors);
      (first ?? nameInput).focus();
      return subject.location ?? null;
    },
    showKind,
  };
}

/** An ISO instant as a datetime-local value in the phone's time zone. */
export function toLocalInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
