// Days of action: choosing one, the picker, and the heading that describes it.

import { byTestId, h } from './dom.js';
import { formatWindow } from './format.js';
import { has, t } from './i18n.js';

const statusName = (status) => (has(`days.status.${status}`) ? t(`days.status.${status}`) : status ?? '');

/**
 * The day to show: the requested one if it exists, else the first LIVE day, else the first.
 * @returns {{day: object|null, missing: boolean}} missing: a day was requested but is not in the list
 */
export function chooseDay(days, requestedId) {
  const requested = requestedId ? days.find((day) => day.id === requestedId) : undefined;
  const day = requested ?? days.find((d) => d.status === 'LIVE') ?? days[0] ?? null;
  return { day, missing: Boolean(requestedId) && !requested };
}

export function createDayView(root = document) {
  const select = byTestId('day-select', root);
  const name = byTestId('day-name', root);
  const city = byTestId('day-city', root);
  const status = byTestId('day-status', root);
  const dayWindow = byTestId('day-window', root);

  return {
    /** Fills the picker; `onPick(dayId)` is called when the user picks another day. */
    setDays(days, onPick) {
      select.replaceChildren(...days.map((day) =>
        h('option', { value: day.id }, t('days.option', { name: day.name, city: day.city, status: statusName(day.status) }))));
      select.onchange = () => onPick(select.value);
    },
    show(day) {
      select.value = day?.id ?? '';
      name.textContent = day?.name ?? t('days.none');
      city.textContent = day?.city ?? '';
      status.textContent = day ? statusName(day.status) : '';
      status.dataset.status = day?.status ?? '';
      status.hidden = !day;
      dayWindow.textContent = day ? formatWindow(day.startsAt, day.endsAt, day.timeZone) : '';
      document.title = day ? t('days.title', { name: day.name }) : t('common.brand');
    },
  };
}
