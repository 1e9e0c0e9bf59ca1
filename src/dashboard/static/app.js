// The dashboard: loads every section from the API, renders it, and refreshes every 15 s.

import { AuthError, storeKey, storedKey } from './api.js';
import { code, errorState, h, show } from './dom.js';
import { utcClock, utcToday } from './format.js';
import { loadAgents, loadModels, renderAgents, renderModels } from './sections/breakdowns.js';
import { loadBudgets, renderBudgets } from './sections/budgets.js';
import { loadKpis, renderKpis } from './sections/kpis.js';
import { loadNotifications, renderNotifications } from './sections/notifications.js';
import { loadRecommendations, renderRecommendations } from './sections/recommendations.js';
import { loadRun, loadRuns, renderRunDetail, renderRuns } from './sections/runs.js';
import { SPLITS, loadChart, renderChart } from './sections/spend-chart.js';
import { loadUnpriced, renderUnpriced } from './sections/unpriced.js';

const REFRESH_MS = 15_000;
const SPLIT_STORAGE = 'tokentally.chartSplit';
const $ = (id) => document.getElementById(id);

const state = {
  split: SPLITS.some(([key]) => key === localStorage.getItem(SPLIT_STORAGE)) ? localStorage.getItem(SPLIT_STORAGE) : 'provider',
  run: new URLSearchParams(location.hash.slice(1)).get('run'),
  loading: null,
  again: false,
  /** Providers and models nothing priced, for the chart legend. */
  unpricedKeys: new Set(),
};

/** Runs every loader at once; each result is {value} or {error}, so one failing section does not blank the rest. */
async function settle(loaders) {
  const entries = await Promise.all(Object.entries(loaders).map(async ([name, load]) => {
    try {
      return [name, { value: await load() }];
    } catch (error) {
      return [name, { error }];
    }
  }));
  return Object.fromEntries(entries);
}

/** Renders one section; an answer it cannot render shows as that section's error, not a blank page. */
function section(el, result, render) {
  try {
    if (result.error) show(el, errorState(result.error));
    else render(el, result.value);
  } catch (error) {
    show(el, errorState(error));
  }
}

/** One load at a time; a refresh asked for meanwhile (a new key, the button) runs right after. */
function refresh() {
  if (state.loading) {
    state.again = true;
    return state.loading;
  }
  state.loading = load().finally(() => {
    state.loading = null;
    if (state.again) {
      state.again = false;
      refresh();
    }
  });
  return state.loading;
}

async function load() {
  const now = Date.now();
  const today = utcToday(now);
  const selectedRun = state.run;
  const r = await settle({
    kpis: loadKpis,
    chart: () => loadChart(state.split, today),
    models: loadModels,
    agents: loadAgents,
    budgets: loadBudgets,
    notifications: loadNotifications,
    runs: loadRuns,
    unpriced: loadUnpriced,
    recommendations: loadRecommendations,
    run: () => (selectedRun ? loadRun(selectedRun) : null),
  });
  const denied = Object.values(r).find((x) => x.error instanceof AuthError);
  if (denied) {
    showAuth(denied.error.message);
    setStatus('API key needed');
    document.body.dataset.state = 'auth';
    return;
  }
  hideAuth();
  if (r.unpriced.value) state.unpricedKeys = new Set(r.unpriced.value.data.flatMap((x) => [x.provider, x.model]));
  renderOnboarding(r);
  section($('kpis'), r.kpis, renderKpis);
  section($('chart'), r.chart, (el, v) => renderChart(el, v, state.split, today, state.unpricedKeys));
  section($('models'), r.models, renderModels);
  section($('agents'), r.agents, renderAgents);
  section($('budgets'), r.budgets, renderBudgets);
  section($('notifications'), r.notifications, (el, v) => renderNotifications(el, $('unread'), v, now));
  section($('runs'), r.runs, (el, v) => renderRuns(el, v, { selected: state.run, onSelect: selectRun }));
  section($('unpriced'), r.unpriced, renderUnpriced);
  renderRecommendationsCard(r.recommendations);
  if (state.run === selectedRun) section($('run-detail'), r.run, (el, v) => renderRunDetail(el, v, () => selectRun(null)));

  const failed = Object.values(r).filter((x) => x.error).length;
  setStatus(failed ? `Updated ${utcClock(now)} · ${failed} section(s) failed` : `Updated ${utcClock(now)}`);
  document.body.dataset.state = 'ready';
}

function renderRecommendationsCard(result) {
  const card = $('recommendations-card');
  const shown = result.error ? (show($('recommendations'), errorState(result.error)), true) : renderRecommendations($('recommendations'), result.value);
  card.hidden = !shown;
  card.parentElement.classList.toggle('one', !shown);
}

/** With no data anywhere, the page says how to get some. */
function renderOnboarding(r) {
  const el = $('onboarding');
  const empty = r.runs.value?.pagination.total === 0 && r.kpis.value?.month.operations === 0;
  el.hidden = !empty;
  if (!empty) return;
  const otlp = `http://${location.hostname}:4318/v1/traces`;
  show(el,
    h('h2', {}, 'No data yet'),
    h('p', {}, 'tokentally prices every model call your agents make. To see this dashboard fill up:'),
    h('ol', {},
      h('li', {}, 'run ', code('tokentally demo'), ' to send 30 days of a sample agent fleet, or'),
      h('li', {}, 'point an OTLP exporter at ', code(otlp), ' (', code(`OTEL_EXPORTER_OTLP_ENDPOINT=http://${location.hostname}:4318`), '), or'),
      h('li', {}, 'start an agent with ', code('node --import tokentally/register agent.js'), '.')));
}

function selectRun(runId) {
  state.run = runId;
  history.replaceState(null, '', runId ? `#run=${encodeURIComponent(runId)}` : location.pathname + location.search);
  for (const row of document.querySelectorAll('#runs tr[data-run-id]')) {
    const open = row.dataset.runId === runId;
    row.classList.toggle('selected', open);
    row.setAttribute('aria-expanded', String(open));
  }
  if (!runId) return show($('run-detail'));
  show($('run-detail'), h('p', { class: 'muted loading' }, 'Loading run…'));
  loadRun(runId).then(
    (run) => state.run === runId && (renderRunDetail($('run-detail'), run, () => selectRun(null)), $('run-detail-panel')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })),
    (error) => state.run === runId && show($('run-detail'), errorState(error)),
  );
}

function renderSplitButtons() {
  show($('chart-split'), SPLITS.map(([key, label]) => h('button', {
    type: 'button',
    class: key === state.split ? 'active' : '',
    'aria-pressed': String(key === state.split),
    onclick: () => {
      state.split = key;
      localStorage.setItem(SPLIT_STORAGE, key);
      renderSplitButtons();
      const today = utcToday(Date.now());
      loadChart(key, today).then((answer) => state.split === key && renderChart($('chart'), answer, key, today, state.unpricedKeys), (error) => show($('chart'), errorState(error)));
    },
  }, label)));
}

function setStatus(text) {
  $('status').textContent = text;
}

function showAuth(message) {
  $('auth').hidden = false;
  $('auth-message').textContent = message;
  $('dashboard').classList.add('blurred');
  $('auth-key').focus();
}

function hideAuth() {
  $('auth').hidden = true;
  $('dashboard').classList.remove('blurred');
}

function start() {
  renderSplitButtons();
  $('auth-key').value = storedKey();
  $('auth-form').addEventListener('submit', (event) => {
    event.preventDefault();
    storeKey($('auth-key').value.trim());
    hideAuth();
    setStatus('Loading…');
    refresh();
  });
  $('auth-clear').addEventListener('click', () => {
    storeKey('');
    $('auth-key').value = '';
    refresh();
  });
  $('auth-cancel').addEventListener('click', hideAuth);
  $('key-button').addEventListener('click', () => showAuth(storedKey() ? 'A key is stored for this server. Replace it, or forget it.' : 'No key stored. Servers without API keys need none.'));
  $('refresh').addEventListener('click', () => refresh());
  document.addEventListener('visibilitychange', () => !document.hidden && refresh());
  // A hidden tab does not poll: the numbers refresh as soon as it is visible again.
  setInterval(() => !document.hidden && refresh(), REFRESH_MS);
  refresh();
}

start();
