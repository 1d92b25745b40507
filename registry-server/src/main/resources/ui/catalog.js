// Everything the pages show comes from one watch stream (/v1/watch): a snapshot of every
// service, then each change as it happens. The pages listen to this catalog; none of them
// polls the registry for services.

const KEPT_CHANGES = 1000;
const RETRY_MILLIS = 2000;
const CHANGE_TYPES = ['register', 'status', 'deregister', 'expire'];

export class Catalog extends EventTarget {

  constructor() {
    super();
    /** name -> { name, revision, instances: Map id -> instance, changedAt, seen: Map id -> time } */
    this.services = new Map();
    /** newest first */
    this.changes = [];
    this.state = 'connecting';
    this.openedAt = Date.now();
    this.source = null;
    this.retry = null;
  }

  start() {
    this.stop();
    const source = new EventSource('../v1/watch');
    this.source = source;
    source.addEventListener('open', () => this.setState('live'));
    source.addEventListener('snapshot', (event) => {
      performance.mark('beacon:snapshot-received');
      this.snapshot(JSON.parse(event.data));
    });
    for (const type of CHANGE_TYPES) {
      source.addEventListener(type, (event) => this.change(JSON.parse(event.data)));
    }
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // refused (the session ended?) rather than cut: the application decides what next
        this.setState('closed');
        this.dispatchEvent(new Event('closed'));
      } else {
        this.setState('reconnecting');
      }
    });
  }

  /** Opens the stream again after a while: a snapshot then replaces what was known. */
  restartLater() {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.start(), RETRY_MILLIS);
  }

  stop() {
    clearTimeout(this.retry);
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new Event('state'));
  }

  snapshot(snapshot) {
    const previous = this.services;
    this.services = new Map();
    for (const entry of snapshot.services) {
      const known = previous.get(entry.service);
      const service = {
        name: entry.service,
        revision: entry.revision,
        instances: new Map(entry.instances.map((instance) => [instance.id, instance])),
        changedAt: known && known.revision === entry.revision ? known.changedAt : null,
        seen: known ? known.seen : new Map(),
      };
      this.services.set(entry.service, service);
    }
    this.dispatchEvent(new Event('snapshot'));
  }

  change(change) {
    const now = Date.now();
    let service = this.services.get(change.service);
    if (!service) {
      service = { name: change.service, revision: 0, instances: new Map(), changedAt: null, seen: new Map() };
      this.services.set(change.service, service);
    }
    service.revision = change.revision;
    service.changedAt = now;
    if (change.type === 'deregister' || change.type === 'expire') {
      service.instances.delete(change.id);
      service.seen.delete(change.id);
    } else {
      if (change.type === 'register' && !service.instances.has(change.id)) {
        service.seen.set(change.id, now);
      }
      service.instances.set(change.id, change.instance);
    }
    const entry = { time: now, type: change.type, service: change.service, id: change.id,
      revision: change.revision, status: change.instance ? change.instance.status : null };
    this.changes.unshift(entry);
    if (this.changes.length > KEPT_CHANGES) {
      this.changes.length = KEPT_CHANGES;
    }
    this.dispatchEvent(new CustomEvent('change', { detail: entry }));
  }

  /** The services with at least one instance, by name. */
  listed() {
    return [...this.services.values()]
      .filter((service) => service.instances.size > 0)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

}

/** Instance counts and zones of a service. */
export function summary(service) {
  let up = 0;
  const zones = new Set();
  for (const instance of service.instances.values()) {
    if (instance.status === 'UP') {
      up++;
    }
    if (instance.zone) {
      zones.add(instance.zone);
    }
  }
  return { up, total: service.instances.size, zones: [...zones].sort() };
}
