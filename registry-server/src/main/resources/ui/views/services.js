// Services: every service with its instances up and total, zones, revision and last change;
// a filter by name; rows change in place as the watch stream reports.

import { h, head, fill, flash, since, serviceLink } from '../dom.js';
import { summary } from '../catalog.js';

export function servicesPage(view, catalog) {
  const rows = new Map();
  const filter = h('input', { id: 'service-filter', type: 'search', placeholder: 'orders', autocomplete: 'off',
    spellcheck: 'false' });
  // not a live region: on a busy platform it would speak at every change
  const totals = h('p', { id: 'totals', class: 'muted' });
  const body = h('tbody', { id: 'services' });
  const empty = h('p', { id: 'no-services', class: 'muted', hidden: true }, 'No service has an instance.');
  fill(view,
    h('div', { class: 'heading' },
      h('h1', {}, 'Services'),
      h('label', { class: 'filter' }, 'Filter by name ', filter)),
    totals,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'services' },
        head('Service', 'Up / total#', 'Zones', 'Revision#', 'Last change'),
        body)),
    empty);

  function cells(row, service) {
    const counts = summary(service);
    row.dataset.up = counts.up;
    row.dataset.total = counts.total;
    row.classList.toggle('degraded', counts.up < counts.total);
    row.classList.toggle('down', counts.up === 0);
    fill(row,
      h('th', { scope: 'row' }, h('a', { href: serviceLink(service.name) }, service.name)),
      h('td', { class: 'number counts' }, `${counts.up} / ${counts.total}`),
      h('td', { class: 'zones' }, counts.zones.join(', ') || '—'),
      h('td', { class: 'number' }, String(service.revision)),
      h('td', { class: 'changed', 'data-time': service.changedAt || '',
        title: service.changedAt ? new Date(service.changedAt).toLocaleString() : 'before this page opened' },
      service.changedAt ? since(service.changedAt) : 'earlier'));
  }

  function render() {
    const started = performance.now();
    rows.clear();
    const fragment = document.createDocumentFragment();
    for (const service of catalog.listed()) {
      const row = h('tr', { 'data-service': service.name });
      cells(row, service);
      rows.set(service.name, row);
      fragment.append(row);
    }
    body.replaceChildren(fragment);
    applyFilter();
    // for the browser's performance panel, and the benchmark that times this page
    const detail = { rows: rows.size };
    performance.measure('beacon:services-render', { start: started, detail });
    performance.mark('beacon:services-rendered', { detail });
  }

  function update(name) {
    const service = catalog.services.get(name);
    const row = rows.get(name);
    if (!service || service.instances.size === 0) {
      if (row) {
        row.remove();
        rows.delete(name);
      }
    } else if (row) {
      cells(row, service);
      flash(row);
    } else {
      const added = h('tr', { 'data-service': name });
      cells(added, service);
      const next = [...rows.keys()].sort().find((other) => other > name);
      body.insertBefore(added, next ? rows.get(next) : null);
      rows.set(name, added);
      flash(added);
    }
    applyFilter();
  }

  function applyFilter() {
    const text = filter.value.trim().toLowerCase();
    let shown = 0;
    let instances = 0;
    let up = 0;
    for (const [name, row] of rows) {
      row.hidden = text !== '' && !name.includes(text);
      if (!row.hidden) {
        shown++;
        instances += Number(row.dataset.total);
        up += Number(row.dataset.up);
      }
    }
    fill(totals, `${shown} service${shown === 1 ? '' : 's'}, ${up} of ${instances} instances up`
      + (text ? ` (filtered from ${rows.size})` : ''));
    empty.hidden = rows.size > 0;
  }

  // the relative times of the last changes move on by themselves
  const ticker = setInterval(() => {
    for (const cell of body.querySelectorAll('td.changed[data-time]:not([data-time=""])')) {
      cell.textContent = since(Number(cell.dataset.time));
    }
  }, 5000);

  const onChange = (event) => update(event.detail.service);
  catalog.addEventListener('snapshot', render);
  catalog.addEventListener('change', onChange);
  filter.addEventListener('input', applyFilter);
  render();

  return () => {
    clearInterval(ticker);
    catalog.removeEventListener('snapshot', render);
    catalog.removeEventListener('change', onChange);
  };
}
