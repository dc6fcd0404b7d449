// The page of `nt mail catch --web`. Every piece of message data reaches the page through
// textContent or an attribute set by the DOM API, never through markup; the HTML of a
// message only ever goes into the sandboxed frame, which the server serves under its own
// Content-Security-Policy.
'use strict';

const token = document.querySelector('meta[name="nt-token"]').content;
const state = { start: 0, limit: 50, query: '', open: null, remote: new Set(), total: 0, tab: 'html' };
const $ = (id) => document.getElementById(id);

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function human(size) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let n = size, u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return (u === 0 ? n : n.toFixed(1)) + ' ' + units[u];
}

function who(c) { return c ? (c.Name ? c.Name + ' <' + c.Address + '>' : c.Address) : ''; }
function whoShort(c) { return c ? (c.Name || c.Address) : ''; }
function enc(s) { return encodeURIComponent(s); }

async function getJSON(url) {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(url + ': ' + r.status);
  return r.json();
}

async function load() {
  const paging = 'start=' + state.start + '&limit=' + state.limit;
  const url = state.query
    ? '/api/v1/search?query=' + enc(state.query) + '&' + paging
    : '/api/v1/messages?' + paging;
  let data;
  try { data = await getJSON(url); } catch (e) { $('status').textContent = String(e.message); return; }
  state.total = data.messages_count;
  $('rows').replaceChildren(...data.messages.map(row));
  $('status').textContent = (state.query ? data.messages_count + ' found, ' : '') + data.total + ' messages, ' + data.unread + ' unread';
  const last = Math.min(state.start + data.count, data.messages_count);
  $('range').textContent = data.count ? (state.start + 1) + '–' + last + ' of ' + data.messages_count : 'no messages';
  $('prev').disabled = state.start === 0;
  $('next').disabled = last >= data.messages_count;
}

function row(m) {
  const tr = el('tr', null, { 'data-id': m.ID });
  if (!m.Read) tr.classList.add('unread');
  if (m.ID === state.open) tr.classList.add('open');
  const to = (m.To || []).map(whoShort).join(', ');
  const created = new Date(m.Created);
  tr.append(
    el('td', created.toLocaleString(), { title: m.Created }),
    el('td', whoShort(m.From), { title: who(m.From) }),
    el('td', to, { title: (m.To || []).map(who).join(', ') }),
    el('td', m.Subject || '(no subject)', { title: m.Snippet || '', class: 'subject' }),
    el('td', human(m.Size)),
    el('td', m.Attachments > 0 ? '📎' + m.Attachments : '', { class: 'attach' }),
    el('td', m.Read ? 'read' : 'unread', { class: 'state' }),
  );
  tr.addEventListener('click', () => openMessage(m.ID));
  return tr;
}

let reloading = null;
function reloadSoon() {
  if (reloading) return;
  reloading = setTimeout(() => { reloading = null; load(); }, 150);
}

function partURL(id, part) { return '/api/v1/message/' + enc(id) + '/part/' + enc(part); }

async function openMessage(id) {
  let m;
  try { m = await getJSON('/api/v1/message/' + enc(id)); } catch (e) { $('status').textContent = String(e.message); return; }
  state.open = id;
  $('view-pane').hidden = false;
  $('view-subject').textContent = m.Subject || '(no subject)';
  const meta = $('view-meta');
  meta.replaceChildren();
  const fields = [['From', who(m.From)], ['To', (m.To || []).map(who).join(', ')],
    ['Cc', (m.Cc || []).map(who).join(', ')], ['Date', m.Date], ['Received', m.Created],
    ['Size', human(m.Size)], ['Message-ID', m.MessageID]];
  for (const [k, v] of fields) if (v) meta.append(el('dt', k), el('dd', v));
  const files = $('view-files');
  files.replaceChildren();
  for (const a of m.Attachments || []) {
    const link = el('a', a.FileName || ('part ' + a.PartID), { href: partURL(id, a.PartID) + '?download=1', download: a.FileName || ('part-' + a.PartID), class: 'attachment' });
    const li = el('li'); li.append('📎 ', link, ' ' + a.ContentType + ', ' + human(a.Size)); files.append(li);
  }
  for (const a of m.Inline || []) {
    const link = el('a', a.FileName || a.ContentID || ('part ' + a.PartID), { href: partURL(id, a.PartID), target: '_blank', rel: 'noopener', class: 'inline' });
    const li = el('li'); li.append('🖼 ', link, ' ' + a.ContentType + ', ' + human(a.Size) + (a.ContentID ? ', cid:' + a.ContentID : '')); files.append(li);
  }
  $('remote').checked = state.remote.has(id);
  $('view-raw-link').href = '/api/v1/message/' + enc(id) + '/raw';
  $('text').textContent = m.Text || '';
  const headers = $('headers');
  headers.replaceChildren(...(m.Headers || []).map(([k, v]) => { const tr = el('tr'); tr.append(el('td', k), el('td', v)); return tr; }));
  const mime = $('mime').tBodies[0];
  mime.replaceChildren(...(m.MIME || []).map((p) => {
    const tr = el('tr');
    const name = el('td', (p.PartID || '(message)'));
    name.style.paddingLeft = (0.6 + p.Depth * 1.2) + 'em';
    tr.append(name, el('td', p.ContentType), el('td', p.Charset), el('td', p.Encoding),
      el('td', human(p.Size)), el('td', p.ContentID), el('td', p.FileName));
    return tr;
  }));
  $('raw').textContent = '';
  showFrame();
  showTab(m.HTML ? state.tab : (state.tab === 'html' ? 'text' : state.tab));
  reloadSoon();
}

function showFrame() {
  if (!state.open) return;
  const remote = state.remote.has(state.open) ? '1' : '0';
  $('frame').src = '/view/' + enc(state.open) + '?remote=' + remote;
}

async function showTab(tab) {
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === tab);
  for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t.id === 'tab-' + tab);
  if (tab === 'raw' && state.open && !$('raw').textContent) {
    const r = await fetch('/api/v1/message/' + enc(state.open) + '/raw');
    $('raw').textContent = r.ok ? await r.text() : 'cannot load: ' + r.status;
  }
}

async function remove(ids) {
  const r = await fetch('/api/v1/messages', {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json', 'X-NT-Token': token },
    body: JSON.stringify({ IDs: ids }),
  });
  if (!r.ok) $('status').textContent = 'delete failed: ' + r.status;
  if (ids.length === 0 || ids.includes(state.open)) closeView();
  load();
}

function closeView() {
  state.open = null;
  $('view-pane').hidden = true;
  $('frame').removeAttribute('src');
}

let searching = null;
$('search').addEventListener('input', () => {
  clearTimeout(searching);
  searching = setTimeout(() => { state.query = $('search').value.trim(); state.start = 0; load(); }, 200);
});
$('prev').addEventListener('click', () => { state.start = Math.max(0, state.start - state.limit); load(); });
$('next').addEventListener('click', () => { state.start += state.limit; load(); });
$('delete-all').addEventListener('click', () => { if (confirm('Delete every message in the Maildir?')) remove([]); });
$('delete-one').addEventListener('click', () => { if (state.open) remove([state.open]); });
$('close').addEventListener('click', closeView);
$('remote').addEventListener('change', () => {
  if (!state.open) return;
  if ($('remote').checked) state.remote.add(state.open); else state.remote.delete(state.open);
  showFrame();
});
for (const b of document.querySelectorAll('#tabs button')) {
  b.addEventListener('click', () => { state.tab = b.dataset.tab; showTab(state.tab); });
}

const events = new EventSource('/api/events');
events.addEventListener('new', reloadSoon);
events.addEventListener('changed', reloadSoon);
load();
