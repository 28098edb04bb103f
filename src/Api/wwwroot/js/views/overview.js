// Overview: active subscribers and their growth, this week's quota, the latest campaigns, all live.

import { h, replace } from '../dom.js';
import { follow } from '../live.js';
import { session } from '../api.js';
import { categories, dateTime, number, plural } from '../format.js';
import { growthChart, growthTable, quotaGauge } from '../charts.js';
import { campaignRow, liveIndicator, missingTemplates, templateSetting } from './shared.js';

export function overviewView(context) {
  const live = liveIndicator();
  const subscribers = h('div', { class: 'card-body', 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Caricamento…'));
  const quota = h('div', { class: 'card-body', 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Caricamento…'));
  const campaigns = h('div', { class: 'card-body', 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Caricamento…'));

  const missing = missingTemplates(context.limits);
  const element = h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Panoramica'),
      live.element,
      context.canCompose ? h('a', { href: '#/nuova', class: 'button button-primary' }, 'Nuova campagna') : null),
    missing.length
      ? h('p', { id: 'templates-missing', class: 'notice', role: 'status' },
        `Mancano i modelli approvati da WhatsApp per: ${missing.map((c) => categories[c]).join(', ')}. ` +
        `Le campagne di queste categorie non possono partire finché l’amministratore non configura ${missing.map(templateSetting).join(', ')}.`)
      : null,
    h('div', { class: 'grid' },
      h('section', { class: 'card card-wide', 'aria-labelledby': 'subscribers-title' },
        h('h2', { id: 'subscribers-title' }, 'Iscritti'), subscribers),
      h('section', { class: 'card', 'aria-labelledby': 'quota-title' },
        h('h2', { id: 'quota-title' }, 'Limite settimanale'), quota)),
    h('section', { class: 'card', 'aria-labelledby': 'latest-title' },
      h('div', { class: 'card-head' },
        h('h2', { id: 'latest-title' }, 'Ultime campagne'),
        h('a', { href: '#/campagne' }, 'Tutte le campagne')),
      campaigns));

  function drawStats(trend) {
    subscribers.removeAttribute('aria-busy');
    replace(subscribers,
      h('p', { class: 'big-number' }, h('span', { id: 'active-subscribers' }, number(trend.active)), h('span', { class: 'big-number-label' }, ' iscritti attivi')),
      h('ul', { class: 'figures' },
        h('li', {}, h('span', { class: 'up' }, `+${number(trend.optInsToday)}`), ' / ', h('span', { class: 'down' }, `−${number(trend.optOutsToday)}`), ' oggi'),
        h('li', {}, h('span', { class: 'up' }, `+${number(trend.optInsThisWeek)}`), ' / ', h('span', { class: 'down' }, `−${number(trend.optOutsThisWeek)}`), ' questa settimana')),
      growthChart(trend.days),
      h('p', { class: 'legend' },
        h('span', { class: 'legend-line' }, 'iscritti attivi'),
        h('span', { class: 'legend-in' }, 'iscrizioni'),
        h('span', { class: 'legend-out' }, 'cancellazioni')),
      growthTable(trend.days));
  }

  function drawQuota(week) {
    quota.removeAttribute('aria-busy');
    replace(quota,
      quotaGauge(week.used, week.limit),
      h('p', { id: 'quota-summary', class: 'quota-summary' },
        week.remaining > 0
          ? `Ancora ${plural(week.remaining, 'campagna disponibile', 'campagne disponibili')} su ${number(week.limit)}.`
          : `Limite raggiunto: ${number(week.used)} campagne su ${number(week.limit)}.`),
      h('p', {}, `Si azzera ${dateTime(week.resetsAt)}.`),
      h('p', { class: 'hint' }, week.emergencies
        ? `${plural(week.emergencies, 'emergenza inviata', 'emergenze inviate')} questa settimana: le emergenze non contano nel limite.`
        : 'Le emergenze non contano nel limite.'));
  }

  function drawCampaigns(page) {
    campaigns.removeAttribute('aria-busy');
    replace(campaigns, page.items.length
      ? h('ul', { class: 'campaign-list', id: 'latest-campaigns' }, page.items.map(campaignRow))
      : h('p', { class: 'hint' }, 'Nessuna campagna ancora.'));
  }

  const stream = follow('/api/events', {
    key: session.key,
    onState: (state) => live.set(state),
    onEvent(type, payload) {
      if (type === 'stats') {
        drawStats(payload);
      } else if (type === 'quota') {
        drawQuota(payload);
      } else if (type === 'campaigns') {
        drawCampaigns(payload);
      }
    },
  });

  return { element, dispose: () => stream.close() };
}
