// The pixmock console: the upstream's journal as it happens, what each request sent and got, the
// images answers carried, a stream's events and a task's states over time, and the simulation's
// controls. Plain DOM, no framework and no build step; it talks only to /__pixmock on its own origin.

// The SSE parser the contract suite uses too, served from the package (no CDN, no build step).
import { createParser } from './eventsource-parser.js';

const ADMIN = '/__pixmock';
/** Rows kept on screen; older ones leave the table (the journal keeps its own bound). */
const MAX_ROWS = 1000;
/** Thumbnails kept in the images strip, like the server's image shelf. */
const MAX_THUMBNAILS = 50;

const $ = (selector) => document.querySelector(selector);
const entries = new Map();
let selected;

const TOKEN_KEY = 'pixmock-admin-token';

function authHeaders(extra = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function admin(method, path, body) {
  const headers = authHeaders(body === undefined ? {} : { 'Content-Type': 'application/json' });
  const res = await fetch(ADMIN + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    askForToken();
    throw new Error('The admin token is needed.');
  }
  const answer = await res.json();
  if (!res.ok) throw new Error(answer.detail ?? answer.title ?? `HTTP ${res.status}`);
  return answer;
}

function askForToken() {
  $('#token-form').hidden = false;
}

function say(text) {
  $('#status').textContent = text;
}

// ---- health and controls ----

function showHealth(health) {
  $('#upstream').textContent = health.upstream;
  document.title = `pixmock ${health.upstream}`;
  const state = Object.entries(health.state).map(([name, size]) => `${name} ${size}`).join(', ');
  $('#health').textContent = `clock ${new Date(health.clock.now).toISOString()} · timers ${health.clock.pendingTimers} · scenario ${health.scenario ?? 'none'} · latency ${health.latency} ×${health.timeScale} · journal ${health.journal} · state: ${state}`;
  $('#scenario').value = health.scenario ?? '';
  describeScenario();
}

async function loadScenarios() {
  const { scenario, available } = await admin('GET', '/scenario');
  const select = $('#scenario');
  select.replaceChildren(new Option('(none)', ''));
  for (const { name, description } of available) {
    const option = new Option(name, name);
    option.title = description;
    select.append(option);
  }
  select.value = scenario ?? '';
  describeScenario();
}

function describeScenario() {
  const option = $('#scenario').selectedOptions[0];
  $('#scenario-description').textContent = option?.value ? option.title : '';
}

function control(selector, event, action) {
  $(selector).addEventListener(event, async () => {
    try {
      // The feed brings the health back once the call is journalled.
      say(await action());
    } catch (error) {
      say(error.message);
    }
  });
}

control('#scenario', 'change', async () => {
  describeScenario();
  const name = $('#scenario').value || null;
  await admin('PUT', '/scenario', { name });
  return name ? `scenario ${name} on` : 'no scenario';
});
control('#advance', 'click', async () => {
  const seconds = Number($('#advance-seconds').value);
  const { now } = await admin('POST', '/clock', { advanceMs: Math.round(seconds * 1000) });
  return `clock at ${new Date(now).toISOString()}`;
});
control('#reset', 'click', async () => {
  await admin('POST', '/reset');
  return 'state, journal and scenario reset';
});
control('#clear', 'click', async () => {
  // The feed's `cleared` empties the table, here and in every other open console.
  const { cleared } = await admin('DELETE', '/requests');
  return `${cleared} journal entries cleared`;
});
$('#show-admin').addEventListener('change', () => keepFollowing());
$('#token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('#token').value);
  $('#token-form').hidden = true;
  start();
});

// ---- the journal ----

const isAdminCall = (entry) => entry.path.startsWith(ADMIN);

function addEntry(entry) {
  if (isAdminCall(entry) && !$('#show-admin').checked) return;
  entries.set(entry.sequence, entry);
  const row = document.createElement('tr');
  row.dataset.sequence = String(entry.sequence);
  // aibabe answers its errors with HTTP 200 and success false.
  if (entry.status >= 400 || entry.response?.body?.success === false) row.classList.add('error');
  const cells = [entry.sequence, new Date(entry.at).toISOString().slice(11, 23), entry.method, entry.path, entry.operationId ?? '', entry.status ?? '—', entry.durationMs ?? '', entry.scenario ?? '', entry.response?.images?.length || ''];
  for (const [index, value] of cells.entries()) {
    const cell = row.insertCell();
    cell.textContent = String(value);
    if (index === 5) cell.className = 'status';
  }
  const body = $('#journal tbody');
  body.prepend(row);
  while (body.rows.length > MAX_ROWS) {
    const last = body.rows[body.rows.length - 1];
    entries.delete(Number(last.dataset.sequence));
    last.remove();
  }
  for (const image of entry.response?.images ?? []) addThumbnail($('#images'), image, true);
}

function clearRows() {
  entries.clear();
  $('#journal tbody').replaceChildren();
  $('#detail').replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'Journal cleared.' }));
}

$('#journal tbody').addEventListener('click', (event) => {
  const row = event.target.closest('tr');
  if (!row) return;
  selected?.classList.remove('selected');
  selected = row;
  row.classList.add('selected');
  showDetail(entries.get(Number(row.dataset.sequence)));
});

// ---- one request in detail ----

function section(title, content) {
  const fragment = document.createDocumentFragment();
  fragment.append(Object.assign(document.createElement('h3'), { textContent: title }), content);
  return fragment;
}

const pre = (value) => Object.assign(document.createElement('pre'), { textContent: typeof value === 'string' ? value : JSON.stringify(value, null, 2) });

function showDetail(entry) {
  if (!entry) return;
  const detail = $('#detail');
  detail.replaceChildren();
  detail.append(Object.assign(document.createElement('h2'), { textContent: `${entry.method} ${entry.path} → ${entry.status ?? 'no answer'}` }));
  if (Object.keys(entry.query ?? {}).length) detail.append(section('Query', pre(entry.query)));
  detail.append(section('Request headers', pre(entry.headers)));
  if (entry.body !== undefined) detail.append(section('Request body', pre(entry.body)));
  const response = entry.response;
  if (!response) {
    detail.append(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'The answer was not recorded: the console was not open when it went out.' }));
    return;
  }
  if (response.contentType) detail.append(section('Response type', pre(response.contentType)));
  if (response.body !== undefined) detail.append(section('Response body', pre(response.body)));
  if (response.images?.length) {
    const thumbs = Object.assign(document.createElement('div'), { className: 'thumbs' });
    for (const image of response.images) addThumbnail(thumbs, image, false);
    detail.append(section('Images', thumbs));
  }
  if (response.events?.length) detail.append(section('Stream events (simulated time)', timeline(response.events.map(({ at, event }) => ({ at, label: event })))));
  const task = taskStates(entry);
  if (task) detail.append(section(`Task ${task.id} over time (simulated)`, timeline(task.states)));
}

function timeline(points) {
  const list = document.createElement('ol');
  const start = points[0]?.at ?? 0;
  for (const { at, label } of points) list.append(Object.assign(document.createElement('li'), { textContent: `+${((at - start) / 1000).toFixed(3)} s  ${label}` }));
  return list;
}

/** A chatfire task's states as its polls saw them, from every recorded answer about the same task. */
function taskStates(entry) {
  const id = entry.response?.body?.task_id;
  if (typeof id !== 'string') return undefined;
  const states = [];
  for (const other of [...entries.values()].sort((a, b) => a.sequence - b.sequence)) {
    const body = other.response?.body;
    if (body?.task_id !== id || typeof body.status !== 'string') continue;
    if (states.at(-1)?.label !== body.status) states.push({ at: other.at, label: body.status });
  }
  return { id, states };
}

// ---- images ----

function addThumbnail(container, { id, width, height, text }, newestFirst) {
  const figure = document.createElement('figure');
  const img = document.createElement('img');
  img.loading = 'lazy';
  img.decoding = 'async';
  img.alt = text?.prompt ?? `${width}×${height}`;
  img.dataset.width = String(width);
  img.dataset.height = String(height);
  showShelved(img, id);
  img.addEventListener('click', () => openImage(img.src, text));
  figure.append(img, Object.assign(document.createElement('figcaption'), { textContent: `${width}×${height}` }));
  if (newestFirst) {
    container.prepend(figure);
    while (container.children.length > MAX_THUMBNAILS) {
      const dropped = container.lastElementChild;
      const src = dropped.querySelector('img')?.src ?? '';
      if (src.startsWith('blob:')) URL.revokeObjectURL(src);
      dropped.remove();
    }
  } else {
    container.append(figure);
  }
}

/** An image of the server's shelf: by URL, or (behind an admin token, which an <img> cannot send) fetched with it. */
function showShelved(img, id) {
  const src = `${ADMIN}/console/images/${encodeURIComponent(id)}`;
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    img.src = src;
    return;
  }
  fetch(src, { headers: authHeaders() })
    .then((res) => (res.ok ? res.blob() : undefined))
    .then((blob) => {
      if (blob) img.src = URL.createObjectURL(blob);
    })
    .catch(() => {});
}

function openImage(src, text) {
  $('#viewer-image').src = src;
  $('#viewer-text').textContent = text ? JSON.stringify(text, null, 2) : 'No placeholder text in this image.';
  $('#viewer').showModal();
}

// ---- the live feed ----

let feedController;

async function follow() {
  feedController?.abort();
  feedController = new AbortController();
  const res = await fetch(`${ADMIN}/console/feed`, { headers: authHeaders(), signal: feedController.signal });
  if (res.status === 401) {
    askForToken();
    return 'unauthorized';
  }
  const parser = createParser({ onEvent: ({ event, data }) => receive(event, JSON.parse(data)) });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 'ended';
    parser.feed(value);
  }
}

function receive(event, data) {
  if (event === 'snapshot') {
    clearRows();
    $('#images').replaceChildren();
    for (const entry of data.entries) addEntry(entry);
    document.body.dataset.feed = 'live';
    say('connected');
  } else if (event === 'entry') {
    addEntry(data);
  } else if (event === 'health') {
    showHealth(data);
  } else if (event === 'cleared') {
    clearRows();
    $('#images').replaceChildren();
  }
}

/** Follows the feed, and when it ends (a restart, a console that fell behind) reconnects to a new snapshot. */
async function keepFollowing() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await follow()) === 'unauthorized') return;
      attempt = 0;
    } catch (error) {
      if (error.name === 'AbortError') return;
    }
    document.body.dataset.feed = 'closed';
    say('feed closed; reconnecting');
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
  }
}

async function start() {
  try {
    await loadScenarios();
    say('connected');
  } catch (error) {
    say(error.message);
    return;
  }
  await keepFollowing();
}

start();
