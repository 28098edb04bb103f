// Every campaign, newest first, paged and filtered by status.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { number, statuses } from '../format.js';
import { explain } from '../problems.js';
import { campaignRow } from './shared.js';

const PAGE_SIZE = 20;

export function campaignsView() {
  const list = h('div', { class: 'card-body', 'aria-live': 'polite' });
  const filter = h('select', { id: 'status-filter' },
    h('option', { value: '' }, 'Tutti gli stati'),
    Object.entries(statuses).map(([value, label]) => h('option', { value }, label)));
  const element = h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Campagne'),
      h('div', { class: 'inline-field' }, h('label', { for: 'status-filter' }, 'Stato'), filter)),
    h('section', { class: 'card', 'aria-label': 'Elenco delle campagne' }, list));

  let page = 1;

  async function load() {
    list.setAttribute('aria-busy', 'true');
    const status = filter.value ? `&status=${filter.value}` : '';
    try {
      const result = await api(`/api/campaigns?page=${page}&pageSize=${PAGE_SIZE}${status}`);
      const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      const previous = h('button', { type: 'button', class: 'button button-quiet', disabled: page <= 1 }, '← Più recenti');
      const next = h('button', { type: 'button', class: 'button button-quiet', disabled: page >= pages }, 'Meno recenti →');
      previous.addEventListener('click', () => { page -= 1; load(); });
      next.addEventListener('click', () => { page += 1; load(); });
      replace(list,
        result.items.length ? h('ul', { class: 'campaign-list' }, result.items.map(campaignRow)) : h('p', { class: 'hint' }, 'Nessuna campagna.'),
        h('nav', { class: 'pager', 'aria-label': 'Pagine' }, previous, h('span', {}, `Pagina ${number(page)} di ${number(pages)} · ${number(result.total)} campagne`), next));
    } catch (failure) {
      replace(list, h('p', { class: 'error-text', role: 'alert' }, explain(failure).general));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  filter.addEventListener('change', () => { page = 1; load(); });
  load();
  return { element };
}
