// Small helpers to build the page: no framework, only the DOM.

/** An element with attributes (on* ones become listeners) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
}

/** A table head of column titles; a title ending in '#' is a number column. */
export function head(...titles) {
  return h('thead', {}, h('tr', {}, titles.filter((title) => title).map((title) => title.endsWith('#')
    ? h('th', { scope: 'col', class: 'number' }, title.slice(0, -1))
    : h('th', { scope: 'col' }, title))));
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Marks an element as just changed, for a moment. */
export function flash(element) {
  element.classList.remove('flash');
  // reading the layout restarts the animation when the class comes back
  void element.offsetWidth;
  element.classList.add('flash');
}

export function clock(time) {
  return new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function since(time, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function serviceLink(service) {
  return `#/services/${encodeURIComponent(service)}`;
}
