// One campaign: live counts as a funnel, progress with the estimated completion, cancel with confirmation.

import { api, session } from '../api.js';
import { h, replace } from '../dom.js';
import { follow } from '../live.js';
import { dateTime, fromNow, isFinished, number, percent, processed, statuses } from '../format.js';
import { explain } from '../problems.js';
import { funnelChart, progressBar } from '../charts.js';
import { confirmDialog } from './dialog.js';
import { actionError, categoryBadge, liveIndicator, statusBadge, whatsAppBubble } from './shared.js';

export function campaignView(context, { id }) {
  const live = liveIndicator();
  const heading = h('h1', { id: 'campaign-title' }, 'Campagna');
  const badges = h('div', { class: 'badges' });
  const progress = h('div', { class: 'card-body' });
  const funnel = h('div', { class: 'card-body' });
  const details = h('div', { class: 'card-body' });
  const cancelError = actionError('cancel-error');
  const cancelButton = h('button', { type: 'button', class: 'button button-danger-quiet', id: 'cancel-campaign', 'aria-describedby': 'cancel-error', hidden: true }, 'Annulla la campagna');
  const element = h('div', { class: 'page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: context.can('editor') ? '#/campagne' : '#/nuova' }, context.can('editor') ? '← Campagne' : '← Nuova campagna')),
    h('div', { class: 'page-head' }, heading, badges, live.element),
    h('div', { class: 'grid' },
      h('section', { class: 'card card-wide', 'aria-labelledby': 'progress-title' }, h('h2', { id: 'progress-title' }, 'Avanzamento'), progress),
      h('section', { class: 'card', 'aria-labelledby': 'message-title' }, h('h2', { id: 'message-title' }, 'Messaggio'), details)),
    h('section', { class: 'card', 'aria-labelledby': 'funnel-title' }, h('h2', { id: 'funnel-title' }, 'Destinatari, invii, consegne, letture'), funnel),
    h('div', { class: 'actions' }, cancelButton, cancelError));

  let campaign = null;

  function draw(next) {
    if (campaign && !isFinished(campaign.status) && isFinished(next.status)) {
      context.announce(`Campagna ${statuses[next.status].toLowerCase()}.`);
    }
    campaign = next;
    const counts = campaign.counts;
    heading.textContent = campaign.title;
    replace(badges, categoryBadge(campaign.category), statusBadge(campaign.status));
    const done = processed(counts);
    const value = campaign.status === 'completed' && counts.audience === 0 ? 100 : percent(done, counts.audience);
    replace(progress,
      h('p', { class: 'big-number' }, h('span', { id: 'progress-percent' }, `${value} %`), h('span', { class: 'big-number-label' }, ` · ${number(done)} di ${number(counts.audience)} messaggi elaborati`)),
      progressBar(campaign, { label: 'Avanzamento della campagna' }),
      h('p', { id: 'progress-estimate' }, estimateText(campaign)),
      h('ul', { class: 'counts', id: 'campaign-counts' },
        count('In attesa', counts.pending, 'pending'),
        count('Inviati', counts.sent, 'sent'),
        count('Consegnati', counts.delivered, 'delivered'),
        count('Letti', counts.read, 'read'),
        count('Non riusciti', counts.failed, 'failed')));
    replace(funnel, funnelChart(counts),
      h('p', { class: 'hint' }, 'Consegnati e letti arrivano dalle conferme di WhatsApp; nel simulatore restano a zero.'));
    replace(details,
      whatsAppBubble({ text: campaign.text, media: campaign.media }),
      h('dl', { class: 'summary' },
        h('dt', {}, 'Creata'), h('dd', {}, `${dateTime(campaign.createdAt)} da ${campaign.createdBy}`),
        campaign.scheduledAt ? [h('dt', {}, 'Programmata per'), h('dd', {}, `${dateTime(campaign.scheduledAt)}${campaign.heldForQuietHours ? ' (chiesta subito, attende la fine delle ore di silenzio)' : ''}`)] : null,
        campaign.startedAt ? [h('dt', {}, 'Iniziata'), h('dd', {}, dateTime(campaign.startedAt))] : null,
        campaign.completedAt ? [h('dt', {}, 'Terminata'), h('dd', {}, dateTime(campaign.completedAt))] : null,
        campaign.emergencyReason ? [h('dt', {}, 'Motivo dell’emergenza'), h('dd', {}, campaign.emergencyReason)] : null));
    cancelButton.hidden = isFinished(campaign.status) || !context.can('editor');
  }

  function count(label, value, name) {
    return h('li', { class: `count count-${name}` }, h('span', { class: 'count-value', 'data-count': name }, number(value)), h('span', { class: 'count-label' }, label));
  }

  function estimateText(c) {
    switch (c.status) {
      case 'completed':
        return `Completata ${dateTime(c.completedAt)}.`;
      case 'cancelled':
        return `Annullata${c.completedAt ? ` ${dateTime(c.completedAt)}` : ''}: non parte più nessun messaggio.`;
      case 'failed':
        return 'Interrotta da WhatsApp: controlla l’account e i modelli approvati.';
      case 'scheduled':
        return `Parte ${dateTime(c.scheduledAt)}; completamento stimato ${dateTime(c.estimatedCompletionAt)}.`;
      default:
        return c.estimatedCompletionAt
          ? `Completamento stimato ${dateTime(c.estimatedCompletionAt)} (${fromNow(c.estimatedCompletionAt)}).`
          : 'In preparazione.';
    }
  }

  cancelButton.addEventListener('click', async () => {
    cancelError.textContent = '';
    const sure = await confirmDialog({
      id: 'confirm-cancel',
      title: 'Annullare la campagna?',
      body: [
        h('p', {}, `«${campaign.title}»: i messaggi non ancora partiti non verranno inviati.`),
        h('p', {}, processed(campaign.counts) === 0
          ? 'Non è ancora partito nessun messaggio: la campagna non conterà nel limite settimanale.'
          : 'I messaggi già partiti restano consegnati.'),
      ],
      confirmLabel: 'Sì, annulla la campagna',
      cancelLabel: 'No, lasciala andare',
      danger: true,
    });
    if (!sure) {
      return;
    }
    cancelButton.disabled = true;
    try {
      draw(await api(`/api/campaigns/${encodeURIComponent(id)}/cancel`, { method: 'POST' }));
      context.announce('Campagna annullata.');
    } catch (failure) {
      cancelError.textContent = explain(failure).general;
    } finally {
      cancelButton.disabled = false;
    }
  });

  const stream = follow(`/api/campaigns/${encodeURIComponent(id)}/events`, {
    key: session.key,
    onEvent(type, payload) {
      if (type === 'campaign') {
        draw(payload);
      }
    },
    onState(state, detail) {
      live.set(state);
      if (state === 'refused') {
        replace(progress, h('p', { class: 'error-text', role: 'alert' }, detail?.status === 404 ? 'Questa campagna non esiste.' : explain({}).general));
      }
    },
    reconnect: () => !campaign || !isFinished(campaign.status),
  });

  return { element, dispose: () => stream.close() };
}
