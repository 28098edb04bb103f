// The audit log: what the press office did, newest first.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { categories, dateTime, number } from '../format.js';
import { explain } from '../problems.js';

const PAGE_SIZE = 50;

const actions = {
  'campaign.created': 'Campagna creata',
  'campaign.scheduled': 'Campagna programmata',
  'emergency.created': 'Emergenza creata',
  'campaign.cancelled': 'Campagna annullata',
  'subscriber.accessed': 'Consultazione dei dati di un iscritto',
  'subscriber.erased': 'Cancellazione dei dati di un iscritto',
};

const outcomes = {
  'data found': 'dati trovati',
  'nothing held': 'nessun dato conservato',
  'state cleared, consent history archived': 'dati cancellati, storico dei consensi archiviato',
  'nothing held in plain': 'nessun dato conservato in chiaro',
};

/** The log's details in Italian, when they follow the shapes the service writes; as written otherwise. */
function details(text) {
  if (!text) {
    return '—';
  }
  const campaign = /^(news|weather|emergency) "(.*)"(?:, scheduled for (\S+))?(?:, reason: (.*))?$/s.exec(text);
  if (campaign) {
    const [, category, title, scheduledFor, reason] = campaign;
    return `${categories[category]} «${title}»${scheduledFor ? `, programmata per ${dateTime(scheduledFor)}` : ''}${reason ? `; motivo: ${reason}` : ''}`;
  }
  const subscriber = /^number (\S+); (.*)$/.exec(text);
  if (subscriber && outcomes[subscriber[2]]) {
    return `numero ${subscriber[1]}: ${outcomes[subscriber[2]]}`;
  }
  return text;
}

function target(value) {
  if (!value) {
    return '—';
  }
  if (value.startsWith('subscriber:')) {
    return h('span', { title: value }, `iscritto (codice ${value.slice('subscriber:'.length, 'subscriber:'.length + 12)}…)`);
  }
  return h('a', { href: `#/campagne/${encodeURIComponent(value)}` }, value);
}

export function auditView() {
  const body = h('div', { class: 'card-body', 'aria-live': 'polite' });
  const element = h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Registro delle attività')),
    h('p', { class: 'hint' }, 'Ogni campagna creata, programmata o annullata, ogni emergenza con il suo motivo, ogni consultazione e cancellazione dei dati di un iscritto, con la chiave che l’ha fatta. Gli iscritti compaiono solo con un codice non reversibile del numero.'),
    h('section', { class: 'card', 'aria-label': 'Voci del registro' }, body));

  let page = 1;

  async function load() {
    body.setAttribute('aria-busy', 'true');
    try {
      const result = await api(`/api/audit?page=${page}&pageSize=${PAGE_SIZE}`);
      const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      const previous = h('button', { type: 'button', class: 'button button-quiet', disabled: page <= 1 }, '← Più recenti');
      const next = h('button', { type: 'button', class: 'button button-quiet', disabled: page >= pages }, 'Meno recenti →');
      previous.addEventListener('click', () => { page -= 1; load(); });
      next.addEventListener('click', () => { page += 1; load(); });
      replace(body,
        result.items.length
          ? h('div', { class: 'table-scroll' }, h('table', { id: 'audit-log' },
            h('caption', { class: 'visually-hidden' }, 'Registro delle attività, dalla più recente'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Quando'), h('th', { scope: 'col' }, 'Chiave'), h('th', { scope: 'col' }, 'Azione'), h('th', { scope: 'col' }, 'Oggetto'), h('th', { scope: 'col' }, 'Dettagli'))),
            h('tbody', {}, result.items.map((entry) => h('tr', {},
              h('td', {}, dateTime(entry.at)),
              h('td', {}, entry.apiKeyName),
              h('th', { scope: 'row' }, actions[entry.action] ?? entry.action),
              h('td', {}, target(entry.target)),
              h('td', {}, details(entry.details)))))))
          : h('p', { class: 'hint' }, 'Il registro è vuoto.'),
        h('nav', { class: 'pager', 'aria-label': 'Pagine del registro' }, previous, h('span', {}, `Pagina ${number(page)} di ${number(pages)} · ${number(result.total)} voci`), next));
    } catch (failure) {
      replace(body, h('p', { class: 'error-text', role: 'alert' }, explain(failure).general));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  load();
  return { element };
}
