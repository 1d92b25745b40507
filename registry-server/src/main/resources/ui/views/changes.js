// Changes: the live stream of the whole platform, newest first, pausable.

import { h, head, fill, clock, serviceLink } from '../dom.js';

const SHOWN = 500;

export function changesPage(view, catalog) {
  let paused = false;
  let waiting = 0;
  const list = h('tbody', { id: 'changes' });
  const pending = h('span', { id: 'changes-pending', class: 'muted', 'aria-live': 'polite' });
  const pause = h('button', { type: 'button', id: 'pause', 'aria-pressed': 'false', onclick: toggle }, 'Pause');
  const empty = h('p', { class: 'muted', id: 'no-changes' }, 'No change since this page opened. Changes appear here as they happen.');
  fill(view,
    h('div', { class: 'heading' }, h('h1', {}, 'Changes'), h('div', { class: 'tools' }, pause, ' ', pending)),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'changes' },
        head('Time', 'Change', 'Service', 'Instance', 'Status', 'Revision#'),
        list)),
    empty);

  function row(entry) {
    const gone = entry.type === 'deregister' || entry.type === 'expire';
    return h('tr', { 'data-type': entry.type },
      h('td', {}, h('time', { datetime: new Date(entry.time).toISOString() }, clock(entry.time))),
      h('td', {}, h('span', { class: `type type-${entry.type}` }, entry.type)),
      h('td', {}, h('a', { href: serviceLink(entry.service) }, entry.service)),
      h('td', { class: 'id' }, entry.id),
      h('td', {}, gone ? '—' : entry.status),
      h('td', { class: 'number' }, String(entry.revision)));
  }

  function render() {
    const fragment = document.createDocumentFragment();
    for (const entry of catalog.changes.slice(0, SHOWN)) {
      fragment.append(row(entry));
    }
    list.replaceChildren(fragment);
    empty.hidden = catalog.changes.length > 0;
  }

  function onChange(event) {
    if (paused) {
      waiting++;
      fill(pending, `${waiting} new while paused`);
      return;
    }
    const added = row(event.detail);
    added.classList.add('flash');
    list.prepend(added);
    while (list.rows.length > SHOWN) {
      list.lastElementChild.remove();
    }
    empty.hidden = true;
  }

  function toggle() {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) {
      waiting = 0;
      fill(pending);
      render();
    }
  }

  catalog.addEventListener('change', onChange);
  render();
  return () => catalog.removeEventListener('change', onChange);
}
