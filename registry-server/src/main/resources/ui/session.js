// The dashboard's session, and the API calls made with it. The session's id is in an
// HttpOnly cookie that the browser sends; the page only holds the CSRF token, in memory.

const CSRF_HEADER = 'X-Beacon-CSRF';

let current = null;

export function session() {
  return current;
}

export async function loadSession() {
  const response = await fetch('api/session', { cache: 'no-store' });
  current = await response.json();
  return current;
}

/** Exchanges a token for a session; answers the refusal's text when refused. */
export async function signIn(token) {
  const response = await fetch('api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) {
    return { ok: false, message: await problem(response) };
  }
  current = await response.json();
  return { ok: true };
}

export async function signOut() {
  await fetch('api/session', { method: 'DELETE', headers: csrf() });
  return loadSession();
}

export function setStatus(service, id, status) {
  return call('PUT', `${instancePath(service, id)}/status`, { status });
}

export function deregister(service, id) {
  return call('DELETE', instancePath(service, id));
}

/** Time left on each lease and since when each instance is registered, or null. */
export async function leases(service) {
  const response = await fetch(`api/services/${encodeURIComponent(service)}/leases`, { cache: 'no-store' });
  return response.ok ? response.json() : null;
}

async function call(method, path, body) {
  const headers = csrf();
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.ok ? { ok: true } : { ok: false, status: response.status, message: await problem(response) };
}

function instancePath(service, id) {
  return `../v1/services/${encodeURIComponent(service)}/instances/${encodeURIComponent(id)}`;
}

function csrf() {
  return current && current.csrf ? { [CSRF_HEADER]: current.csrf } : {};
}

async function problem(response) {
  try {
    const document = await response.json();
    return document.detail || response.statusText;
  } catch (ignored) {
    return `The registry answered ${response.status}`;
  }
}
