// Casefile support console: vanilla JS, no network access beyond this server's /api.
// Everything from the API is put on the page as text (textContent), never as HTML.
'use strict';

const view = document.getElementById('view');
const COLORS = ['#c0392b', '#2d6cb0', '#2e8b57', '#8e44ad', '#d68910', '#566573', '#17a589', '#a04000'];
const IDENTITY_KEYS = new Set(['service.name', 'workspace.id', 'tenant.id', 'session.id', 'gen_ai.conversation.id', 'turn.id', 'app.trace_id']);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function api(path, params) {
  const query = params ? '?' + new URLSearchParams(params).toString() : '';
  const response = await fetch(path + query, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) { location.reload(); throw new Error('signed out'); }
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function link(href, text, attrs) { return el('a', Object.assign({ href }, attrs || {}), text); }
function traceHref(c) { return '#/trace/' + encodeURIComponent(c.otlp_trace_id || c.trace_id); }
function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : ''; }

function show(...nodes) { view.replaceChildren(...nodes.flat().filter(n => n !== null && n !== undefined)); }
function fail(error) { show(el('p', { class: 'error', text: error.message })); }

// --- complaint slip ------------------------------------------------------------------------

function slip(c) {
  const keys = el('dl', { class: 'keys' });
  const row = (k, v) => { if (v) keys.append(el('dt', { text: k }), el('dd', { text: v })); };
  row('tickets', c.ticket_ids.map(t => t + (c.ticket_status[t] ? ' (' + c.ticket_status[t] + ')' : '')).join(', '));
  row('workspace', c.workspace_id);
  row('session / turn', [c.session_id, c.turn_id].filter(Boolean).join(' / '));
  row('trace', [c.trace_id, c.otlp_trace_id && c.otlp_trace_id !== c.trace_id ? 'otlp ' + c.otlp_trace_id : null].filter(Boolean).join('  '));
  if (c.span_id) row('span reacted to', c.span_id);
  if (c.trace_conflict) row('trace conflict', c.trace_conflict);
  if (c.candidate_trace_ids.length) row('candidate traces', c.candidate_trace_ids.join(', '));
  if (c.attempt_trace_ids.length) {
    keys.append(el('dt', { text: 'other attempts' }), el('dd', { class: 'attempts' },
      c.attempt_trace_ids.map((id, i) => [i ? ', ' : null, link('#/trace/' + encodeURIComponent(id), id)])));
  }
  row('labels', c.labels.join(', '));
  row('reported', when(c.first_reported_at) + (c.interaction_at ? '  (answer served ' + when(c.interaction_at) + ')' : ''));
  const open = c.otlp_trace_id || c.trace_id ? link(traceHref(c), 'Open case file', { class: 'open-case' }) : null;
  return el('article', { class: 'slip', 'data-complaint': c.complaint_id },
    el('div', { class: 'top' }, el('span', { class: 'id', text: c.complaint_id }),
      el('span', { class: 'badge ' + c.status, text: c.status }),
      el('span', { class: 'muted', text: 'via ' + c.link_method + ', revision ' + c.revision }), open, backendLink(c.trace_link)),
    c.complaint_text ? el('p', { class: 'text', text: '“' + c.complaint_text + '”' }) : null,
    keys);
}

// A link into the team's own trace backend (trace.link.template); only http(s) URLs are ever made links.
function backendLink(url) {
  return url && /^https?:\/\//.test(url) ? link(url, 'Open in trace backend', { class: 'trace-link', target: '_blank', rel: 'noopener noreferrer' }) : null;
}

// What the user asked and what the assistant answered, as text.
function conversation(cf) {
  const c = cf.conversation;
  if (!c) return null;
  return el('section', { class: 'conversation', id: 'conversation' },
    c.input ? [el('h2', { text: 'The user asked' }), el('blockquote', { class: 'said', id: 'user-input', text: c.input })] : null,
    c.answer ? [el('h2', { text: 'The assistant answered' }), el('blockquote', { class: 'said', id: 'assistant-answer', text: c.answer })] : null);
}

const PARAM_OF_KIND = { email: 'key', key: 'key', ticket: 'ticket', trace: 'trace', session: 'session', feedback: 'feedback', workspace: 'workspace', tag: 'tag' };

function pageSection(page) {
  const section = el('section', { class: 'page' }, el('h2', { text: page.kind + ' ' + (page.kind === 'email' ? '(keyed hash)' : page.value) }));
  const list = el('div', {}, page.items.map(slip));
  section.append(list);
  let cursor = page.next_cursor;
  const param = PARAM_OF_KIND[page.kind];
  if (cursor && param) {
    const more = el('button', { class: 'more', type: 'button' }, 'Older complaints');
    more.addEventListener('click', async () => {
      const next = await api('/api/complaints', { [param]: page.value, cursor });
      next.items.forEach(c => list.append(slip(c)));
      cursor = next.next_cursor;
      if (!cursor) more.remove();
    });
    section.append(more);
  }
  return section;
}

// --- views ------------------------------------------------------------------------------------

async function searchView(q) {
  document.getElementById('q').value = q;
  show(el('p', { class: 'muted', text: 'Searching…' }));
  const result = await api('/api/search', { q });
  if (!result.matches.length) {
    show(el('h1', { text: 'Nothing found' }), el('p', { class: 'muted', text: 'No complaint carries that id or business key.' }));
    return;
  }
  const exportLink = link('/api/export?q=' + encodeURIComponent(q), 'Export as a labeling set (JSON Lines)',
    { id: 'export', class: 'export', download: 'casefile-labels.jsonl' });
  show(el('h1', { text: 'Complaints found' }), el('p', { class: 'muted' }, 'matched as ' + result.interpreted_as + ' · ', exportLink),
    result.matches.map(pageSection));
}

async function complaintView(id) {
  show(slip(await api('/api/complaints/' + encodeURIComponent(id))));
}

function notable(node) {
  const evidence = node.evidence.map(t => t.key + ' = ' + t.value);
  if (evidence.length) return evidence.join('   ');
  const shown = new Set(node.evidence.map(t => t.key));
  return Object.entries(node.attributes).filter(([k]) => !IDENTITY_KEYS.has(k) && !shown.has(k)).slice(0, 2)
    .map(([k, v]) => k + ' = ' + v).join('   ');
}

function spanRow(node, prefix, isHead) {
  const marks = [node.suspect ? '← suspect' : null, node.reacted ? '← the user reacted to this' : null].filter(Boolean).join('  ');
  const row = el('div', { class: 'row' + (isHead ? ' head' : '') + (node.suspect ? ' suspect' : '') + (node.reacted ? ' reacted' : ''), 'data-span': node.name },
    el('span', { class: 'name', text: prefix + node.name }),
    el('span', { class: 'status-' + node.status, text: node.status === 'unset' ? '' : node.status }),
    el('span', { class: 'dur', text: Math.round(node.duration_ms) + ' ms' }),
    el('span', { class: 'attrs', text: notable(node) + (marks ? '   ' + marks : '') }));
  row.title = Object.entries(node.attributes).map(([k, v]) => k + ' = ' + v).join('\n');
  return row;
}

function drawTree(caseFile) {
  const tree = el('div', { class: 'tree', id: 'span-tree' });
  const name = caseFile.trace_ids.find(id => id !== caseFile.otlp_trace_id) || caseFile.otlp_trace_id;
  const walk = (nodes, indent) => nodes.forEach((n, i) => {
    const last = i === nodes.length - 1;
    tree.append(spanRow(n, indent + (last ? '└── ' : '├── '), false));
    walk(n.children, indent + (last ? '    ' : '│   '));
  });
  if (caseFile.roots.length === 1) {
    const root = caseFile.roots[0];
    const head = spanRow(root, 'trace ' + name + ' · ', true);
    tree.append(head);
    walk(root.children, '');
  } else {
    tree.append(el('div', { class: 'row head' }, el('span', { text: 'trace ' + name })));
    walk(caseFile.roots, '');
  }
  return tree;
}

function tagTable(caseFile) {
  const rows = caseFile.shared_tags.map(t => el('tr', {},
    el('td', { class: 'mono', text: t.key }), el('td', { class: 'mono', text: t.value }), el('td', { class: 'mono', text: t.span_name || 'from the UI' }),
    el('td', { text: String(t.other_complaints) }),
    el('td', { text: t.rate === null ? '' : (100 * t.rate).toFixed(1) + '% (key ' + (100 * t.key_rate).toFixed(1) + '%)' }),
    el('td', {}, link('#/similar/' + encodeURIComponent(t.key + '=' + t.value), 'similar traces', { class: 'similar-link', 'data-tag': t.key + '=' + t.value }))));
  return el('table', { id: 'evidence' },
    el('thead', {}, el('tr', {}, ['tag', 'value', 'span', 'other complaints', 'complaint rate that day', ''].map(h => el('th', { text: h })))),
    el('tbody', {}, rows));
}

async function caseFileView(id) {
  show(el('p', { class: 'muted', text: 'Opening the case file…' }));
  const cf = await api('/api/traces/' + encodeURIComponent(id));
  const parts = [el('h1', { text: 'Case file of trace ' + cf.trace_ids.join(' / ') }),
    el('p', { class: 'muted', text: cf.status + ' · ' + cf.span_count + ' spans' + (cf.dropped_span_count ? ' (+' + cf.dropped_span_count + ' dropped)' : '') +
      ' · ' + (cf.duration_ms ?? '?') + ' ms · served ' + when(cf.started_at) }, ' ', backendLink(cf.trace_link)),
    conversation(cf)];
  cf.complaints.forEach(c => parts.push(slip(c)));
  if (cf.suspect) {
    parts.push(el('p', { class: 'suspect-note', id: 'suspect' }, el('strong', { text: 'Suspect: ' + cf.suspect.span_name }), ' — ' + cf.suspect.reason));
  }
  parts.push(el('h2', { text: 'Span tree' }));
  parts.push(cf.spans_retained ? drawTree(cf) : el('p', { class: 'muted', text: 'The spans of this trace are no longer held (past retention); the complaint keeps its summary and evidence tags.' }));
  parts.push(el('h2', { text: 'Evidence tags' }), tagTable(cf));
  const keys = [...new Set(cf.evidence_tags.map(t => t.key))];
  if (keys.length && cf.started_at) {
    const chosen = cf.suspect && cf.suspect.tag ? cf.suspect.tag.split('=')[0] : (keys.includes('doc_version') ? 'doc_version' : keys[0]);
    const select = el('select', { id: 'chart-key' }, keys.map(k => el('option', { value: k, text: k })));
    select.value = chosen;
    const chart = el('div', { class: 'chart', id: 'rate-chart' });
    parts.push(el('h2', {}, 'Complaint rate by ', select, ' over time'), chart);
    const draw = () => rateChart(chart, select.value, cf.started_at).catch(e => chart.replaceChildren(el('p', { class: 'error', text: e.message })));
    select.addEventListener('change', draw);
    draw();
  }
  show(...parts);
}

async function similarView(tag, cursor) {
  const s = await api('/api/similar', cursor ? { tag, cursor } : { tag });
  const rows = s.items.map(t => el('tr', {},
    el('td', { class: 'mono' }, t.otlp_trace_id || t.trace_id ? link(traceHref(t), t.trace_id || t.otlp_trace_id) : '—'),
    el('td', { class: 'mono', text: t.complaint_id }), el('td', { text: t.workspace_id }), el('td', { text: t.status }),
    el('td', { text: when(t.first_reported_at) }), el('td', { text: t.labels.join(', ') })));
  show(el('h1', { text: 'Similar traces: ' + s.tag.replace('=', ' = ') }),
    el('p', { id: 'similar-count', text: s.complaints + ' complaints on ' + s.traces + ' linked traces carry ' + s.tag }),
    el('table', { id: 'similar' }, el('thead', {}, el('tr', {}, ['trace', 'complaint', 'workspace', 'status', 'reported', 'labels'].map(h => el('th', { text: h })))),
      el('tbody', {}, rows)),
    s.next_cursor ? link('#/similar/' + encodeURIComponent(tag) + '/' + encodeURIComponent(s.next_cursor), 'Older', { class: 'more' }) : null);
}

// --- start page: the search hint and the open rollout alerts --------------------------------

function pct(x) { return (100 * x).toFixed(1) + '%'; }

function alertCard(a) {
  const tag = a.tag_key + '=' + a.tag_value;
  const against = a.baseline === 'SAME_HOURS' ? 'over the same hours' : 'over the day before it appeared';
  return el('article', { class: 'alert', 'data-alert': tag },
    el('div', { class: 'top' }, el('strong', { text: a.tag_key + ' = ' + a.tag_value }),
      el('span', { class: 'muted', text: 'since ' + when(a.first_window_start) }),
      link('#/similar/' + encodeURIComponent(tag), 'complaints on it', { class: 'similar-link' })),
    el('p', { text: 'Complaint rate ' + pct(a.rate) + ' (95% ' + pct(a.rate_low) + '–' + pct(a.rate_high) + ') of ' + a.interactions +
      ' answers, against ' + pct(a.baseline_rate) + ' (' + pct(a.baseline_rate_low) + '–' + pct(a.baseline_rate_high) + ') of ' +
      a.baseline_interactions + ' for ' + a.baseline_values.join(', ') + ' ' + against + '.' }),
    el('p', { class: 'muted', text: a.complaints + ' against ' + a.baseline_complaints + ' complaints; one-sided two-proportion z-test z = ' +
      a.z.toFixed(2) + ', p = ' + a.p_value.toExponential(1) }));
}

async function startView() {
  const hint = el('p', { class: 'muted', text: 'Search by ticket number, order id, workspace, customer email, pasted response id, session, trace id, or an evidence tag such as doc_version=v17.' });
  show(el('h1', { text: 'Find a complaint' }), hint);
  const { alerts } = await api('/api/alerts');
  const section = el('section', { id: 'alerts' }, el('h2', { text: 'Rollout alerts' }),
    alerts.length ? alerts.map(alertCard) : el('p', { class: 'muted', text: 'No open alert: no new tag value draws complaints above the values it replaced.' }));
  show(el('h1', { text: 'Find a complaint' }), hint, section);
}

// --- chart: complaint rate per value of one tag key, per window, over the day of the answer ----

async function rateChart(container, tagKey, servedAt) {
  const day = new Date(servedAt); day.setUTCHours(0, 0, 0, 0);
  const from = day.toISOString(), to = new Date(day.getTime() + 86400000).toISOString();
  const rates = await api('/api/rates', { tag_key: tagKey, from, to });
  const points = rates.points.filter(p => p.interactions > 0);
  if (!points.length) { container.replaceChildren(el('p', { class: 'muted', text: 'No rates for ' + tagKey + ' that day.' })); return; }
  const series = new Map();
  points.forEach(p => { if (!series.has(p.tag_value)) series.set(p.tag_value, []); series.get(p.tag_value).push(p); });
  const starts = points.map(p => Date.parse(p.window_start)), ends = points.map(p => Date.parse(p.window_end));
  const t0 = Math.min(...starts), t1 = Math.max(...ends);
  const maxRate = Math.max(0.05, ...points.map(p => p.rate));
  const W = 760, H = 260, L = 48, R = 12, T = 12, B = 34;
  const x = t => L + (W - L - R) * ((t - t0) / Math.max(1, t1 - t0));
  const y = r => T + (H - T - B) * (1 - r / maxRate);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'complaint rate by ' + tagKey });
  for (let i = 0; i <= 4; i++) {
    const r = maxRate * i / 4;
    chart.append(svg('line', { x1: L, x2: W - R, y1: y(r), y2: y(r), stroke: '#e3ded2' }),
      svg('text', { x: L - 6, y: y(r) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#666' }, (100 * r).toFixed(0) + '%'));
  }
  const ticks = Math.min(6, Math.max(1, Math.round((t1 - t0) / 300000)));
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + (t1 - t0) * i / ticks;
    chart.append(svg('text', { x: x(t), y: H - 12, 'text-anchor': 'middle', 'font-size': 11, fill: '#666' }, new Date(t).toISOString().slice(11, 16)));
  }
  const legend = el('div', { class: 'legend' });
  [...series.keys()].sort().forEach((value, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = series.get(value).map(p => [x((Date.parse(p.window_start) + Date.parse(p.window_end)) / 2), y(p.rate), p]);
    chart.append(svg('polyline', { points: pts.map(([px, py]) => px + ',' + py).join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
    pts.forEach(([px, py, p]) => chart.append(svg('circle', { cx: px, cy: py, r: 3.5, fill: color },
      svg('title', {}, `${tagKey}=${value} ${p.window_start.slice(11, 16)}: ${p.complaints}/${p.interactions} = ${(100 * p.rate).toFixed(1)}%`))));
    const swatch = el('span', { 'data-value': value, text: tagKey + ' = ' + value });
    swatch.style.setProperty('--c', color);
    legend.append(swatch);
  });
  container.replaceChildren(chart, legend);
}

// --- routing ------------------------------------------------------------------------------

async function route() {
  const [, kind, a, b] = (location.hash || '#/').split('/').map(s => s && decodeURIComponent(s));
  try {
    if (kind === 'search' && a) await searchView(a);
    else if (kind === 'complaint' && a) await complaintView(a);
    else if (kind === 'trace' && a) await caseFileView(a);
    else if (kind === 'similar' && a) await similarView(a, b);
    else await startView();
  } catch (e) {
    fail(e);
  }
}

document.getElementById('search').addEventListener('submit', event => {
  event.preventDefault();
  const q = document.getElementById('q').value.trim();
  if (q) location.hash = '#/search/' + encodeURIComponent(q);
});
window.addEventListener('hashchange', route);
route();
