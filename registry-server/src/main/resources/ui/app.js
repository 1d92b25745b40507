// The dashboard's shell: the session, the one watch stream, and hash routes to the pages.

import { h, fill } from './dom.js';
import { Catalog } from './catalog.js';
import { session, loadSession, signOut } from './session.js';
import { servicesPage } from './views/services.js';
import { servicePage } from './views/service.js';
import { changesPage } from './views/changes.js';
import { signInPage } from './views/signin.js';

const view = document.getElementById('view');
const who = document.getElementById('who');
const connection = document.getElementById('connection');
const STATES = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', closed: 'disconnected' };

let catalog = newCatalog();
let leave = () => {};

function newCatalog() {
  const created = new Catalog();
  created.addEventListener('state', () => {
    connection.textContent = STATES[created.state];
    connection.dataset.state = created.state;
  });
  created.addEventListener('closed', async () => {
    await loadSession();
    renderWho();
    if (session().read) {
      created.restartLater();
    } else {
      route();
    }
  });
  return created;
}

function renderWho() {
  const current = session();
  if (current.signedIn) {
    fill(who, h('span', { id: 'signed-in-as' }, `${current.name} · ${current.write ? 'read and write' : 'read only'}`),
      ' ', h('button', { type: 'button', id: 'sign-out', onclick: leaveSession }, 'Sign out'));
  } else if (current.signInNeeded) {
    fill(who, h('a', { href: '#/sign-in', id: 'sign-in-link' }, 'Sign in'));
  } else {
    fill(who, h('span', { class: 'muted' }, 'no tokens: open to all'));
  }
}

async function leaveSession() {
  await signOut();
  catalog.stop();
  catalog = newCatalog();
  renderWho();
  location.hash = '#/sign-in';
  route();
}

function signedIn() {
  renderWho();
  catalog.stop();
  catalog = newCatalog();
  catalog.start();
  if (location.hash === '#/services') {
    route();
  } else {
    location.hash = '#/services';
  }
}

function route() {
  leave();
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  const current = session();
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', hash.startsWith(`/${link.dataset.page}`));
  }
  if (hash === '/sign-in' || !current.read) {
    catalog.stop();
    if (current.signInNeeded) {
      leave = signInPage(view, signedIn);
    } else {
      fill(view, h('p', {}, 'This registry runs without tokens: there is nothing to sign in to.'));
      leave = () => {};
    }
    return;
  }
  if (!catalog.source) {
    catalog.start();
  }
  const service = hash.match(/^\/services\/(.+)$/);
  if (service) {
    leave = servicePage(view, catalog, service[1]);
  } else if (hash === '/changes') {
    leave = changesPage(view, catalog);
  } else {
    leave = servicesPage(view, catalog);
  }
  view.focus({ preventScroll: true });
}

async function start() {
  await loadSession();
  renderWho();
  window.addEventListener('hashchange', route);
  route();
}

start();
