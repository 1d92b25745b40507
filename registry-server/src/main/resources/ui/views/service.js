// A service: its instances with status, zone, weight, address, metadata, when this page saw
// them register and the time left on their leases; changes flash as they come; instances can
// be taken out of service, put back and deregistered by a session that may write.

import { h, head, fill, flash, clock, since } from '../dom.js';
import { summary } from '../catalog.js';
import { session, setStatus, deregister, leases } from '../session.js';
import { confirmAction } from '../confirm.js';

const LEASE_REFRESH_MILLIS = 5000;
const RECENT_CHANGES = 20;

export function servicePage(view, catalog, name) {
  const rows = new Map();
  const counts = h('p', { id: 'service-summary', class: 'muted' });
  const body = h('tbody', { id: 'instances' });
  const message = h('p', { id: 'action-message', class: 'message', role: 'alert', hidden: true });
  const recent = h('ol', { id: 'service-changes', class: 'changes-list' });
  const canWrite = Boolean(session() && session().write);
  let leaseLeft = {};
  let registeredAt = {};
  let leasesAt = 0;

  fill(view,
    h('p', { class: 'crumbs' }, h('a', { href: '#/services' }, 'Services'), ' / '),
    h('h1', { id: 'service-name' }, name),
    counts,
    message,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'instances' },
        head('Instance', 'Status', 'Zone', 'Weight#', 'Address', 'Metadata', 'Registered', 'Lease left#',
          canWrite && 'Actions'),
        body)),
    h('h2', {}, 'Recent changes'),
    recent);

  function address(instance) {
    const host = instance.host.includes(':') ? `[${instance.host}]` : instance.host;
    return `${instance.secure ? 'https' : 'http'}://${host}:${instance.port}`;
  }

  function metadata(instance) {
    const entries = Object.entries(instance.metadata || {});
    if (entries.length === 0) {
      return '—';
    }
    return h('dl', { class: 'metadata' }, entries.map(([key, value]) => [h('dt', {}, key), h('dd', {}, value)]));
  }

  function leaseText(id) {
    if (!(id in leaseLeft)) {
      return '…';
    }
    const left = Math.max(0, leaseLeft[id] - (Date.now() - leasesAt));
    return `${Math.ceil(left / 1000)} s`;
  }

  function actions(instance) {
    if (!canWrite) {
      return null;
    }
    const out = instance.status === 'OUT_OF_SERVICE';
    return h('td', { class: 'actions' },
      h('button', {
        type: 'button',
        'data-action': out ? 'up' : 'out-of-service',
        onclick: () => act(out ? 'Put back in service' : 'Take out of service',
          out ? `Set ${instance.id} UP again? It takes traffic at once.`
            : `Set ${instance.id} OUT_OF_SERVICE? Clients stop sending it traffic.`,
          () => setStatus(name, instance.id, out ? 'UP' : 'OUT_OF_SERVICE')),
      }, out ? 'Set UP' : 'Take out'),
      h('button', {
        type: 'button',
        class: 'danger',
        'data-action': 'deregister',
        onclick: () => act('Deregister',
          `Remove ${instance.id} from the registry? Its lease ends now; a running instance registers again with its next heartbeat.`,
          () => deregister(name, instance.id)),
      }, 'Deregister'));
  }

  async function act(title, text, call) {
    if (!(await confirmAction(title, text))) {
      return;
    }
    message.hidden = true;
    const result = await call();
    if (!result.ok) {
      fill(message, result.message);
      message.hidden = false;
    }
  }

  function registered(id) {
    // the registry's time where it has one, else when this page saw the registration
    return registeredAt[id] ?? catalog.services.get(name)?.seen.get(id);
  }

  function cells(row, instance) {
    const seen = registered(instance.id);
    row.dataset.status = instance.status;
    // data-label: on a phone each row becomes a card that names its fields
    fill(row,
      h('th', { scope: 'row', class: 'id' }, instance.id),
      h('td', { 'data-label': 'Status' },
        h('span', { class: `status status-${instance.status.toLowerCase()}` }, instance.status)),
      h('td', { 'data-label': 'Zone' }, instance.zone || '—'),
      h('td', { class: 'number', 'data-label': 'Weight' }, String(instance.weight)),
      h('td', { class: 'address', 'data-label': 'Address' }, address(instance)),
      h('td', { 'data-label': 'Metadata' }, metadata(instance)),
      h('td', { class: 'registered', 'data-label': 'Registered', 'data-id': instance.id,
        title: seen ? new Date(seen).toLocaleString() : 'before this page opened' },
      seen ? since(seen) : 'earlier'),
      h('td', { class: 'number lease', 'data-label': 'Lease left', 'data-id': instance.id }, leaseText(instance.id)),
      actions(instance));
  }

  function renderSummary(service) {
    if (!service || service.instances.size === 0) {
      fill(counts, 'No instance is registered.');
      return;
    }
    const { up, total, zones } = summary(service);
    fill(counts, `${up} of ${total} instances up`, zones.length ? ` in ${zones.join(', ')}` : '',
      ` · revision ${service.revision}`);
  }

  function render() {
    const service = catalog.services.get(name);
    rows.clear();
    const fragment = document.createDocumentFragment();
    const instances = service ? [...service.instances.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) : [];
    for (const instance of instances) {
      const row = h('tr', { 'data-instance': instance.id });
      cells(row, instance);
      rows.set(instance.id, row);
      fragment.append(row);
    }
    body.replaceChildren(fragment);
    renderSummary(service);
    renderChanges();
  }

  function renderChanges() {
    const entries = catalog.changes.filter((entry) => entry.service === name).slice(0, RECENT_CHANGES);
    fill(recent, entries.length === 0 ? h('li', { class: 'muted' }, 'None since this page opened.')
      : entries.map((entry) => h('li', {},
        h('time', { datetime: new Date(entry.time).toISOString() }, clock(entry.time)), ' ',
        h('span', { class: `type type-${entry.type}` }, entry.type), ' ', entry.id,
        entry.status && entry.type !== 'deregister' && entry.type !== 'expire' ? ` (${entry.status})` : '')));
  }

  function onChange(event) {
    const change = event.detail;
    if (change.service !== name) {
      return;
    }
    const service = catalog.services.get(name);
    const instance = service && service.instances.get(change.id);
    const row = rows.get(change.id);
    if (!instance) {
      if (row) {
        row.remove();
        rows.delete(change.id);
      }
    } else if (row) {
      cells(row, instance);
      flash(row);
    } else {
      const added = h('tr', { 'data-instance': change.id });
      cells(added, instance);
      const next = [...rows.keys()].sort().find((other) => other > change.id);
      body.insertBefore(added, next ? rows.get(next) : null);
      rows.set(change.id, added);
      flash(added);
    }
    renderSummary(service);
    renderChanges();
    refreshLeases();
  }

  async function refreshLeases() {
    const times = await leases(name);
    if (times) {
      leasesAt = Date.now();
      leaseLeft = times.millisLeft;
      registeredAt = Object.fromEntries(Object.entries(times.registeredMillisAgo)
        .map(([id, ago]) => [id, leasesAt - ago]));
      tick();
    }
  }

  function tick() {
    for (const cell of body.querySelectorAll('td.lease')) {
      cell.textContent = leaseText(cell.dataset.id);
    }
    for (const cell of body.querySelectorAll('td.registered')) {
      const time = registered(cell.dataset.id);
      if (time) {
        cell.textContent = since(time);
        cell.title = new Date(time).toLocaleString();
      }
    }
  }

  catalog.addEventListener('snapshot', render);
  catalog.addEventListener('change', onChange);
  render();
  refreshLeases();
  // leases move with heartbeats, which the watch stream does not report: this one service's
  // are read again while its page is open
  const ticker = setInterval(tick, 1000);
  const refresher = setInterval(refreshLeases, LEASE_REFRESH_MILLIS);

  return () => {
    clearInterval(ticker);
    clearInterval(refresher);
    catalog.removeEventListener('snapshot', render);
    catalog.removeEventListener('change', onChange);
  };
}


