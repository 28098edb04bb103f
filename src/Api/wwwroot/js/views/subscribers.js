// Subscriber lookup for the data protection officer: what is held about a number, its download, its erasure.

import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { explain, fieldMessage } from '../problems.js';
import { confirmDialog } from './dialog.js';
import { actionError } from './shared.js';

const actions = {
  optIn: 'Iscrizione',
  optOut: 'Cancellazione dell’iscrizione',
  numberChanged: 'Cambio di numero',
  erased: 'Cancellazione dei dati',
};

function historyTable(records, caption) {
  return h('table', { class: 'history' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Azione'), h('th', { scope: 'col' }, 'Quando'), h('th', { scope: 'col' }, 'Parole ricevute'),
      h('th', { scope: 'col' }, 'Termini'), h('th', { scope: 'col' }, 'Richiesta da'))),
    h('tbody', {}, records.map((record) => h('tr', {},
      h('th', { scope: 'row' }, actions[record.action] ?? record.action),
      h('td', {}, dateTime(record.at)),
      h('td', {}, record.matchedText ?? '—'),
      h('td', {}, record.termsVersion),
      h('td', {}, record.requestedBy ?? (record.wamidHash ? 'il cittadino, da WhatsApp' : '—'))))));
}

export function subscribersView(context) {
  const input = h('input', { id: 'phone', name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'off', 'aria-describedby': 'phone-hint phone-error' });
  const error = h('p', { id: 'phone-error', class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'lookup', novalidate: true, role: 'search', 'aria-label': 'Cerca un numero' },
    h('div', { class: 'field' },
      h('label', { for: 'phone' }, 'Numero di telefono'),
      input,
      h('p', { id: 'phone-hint', class: 'hint' }, 'Con il prefisso internazionale, per esempio +39 333 123 4567. Ogni consultazione resta nel registro.'),
      error),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Cerca')));
  const result = h('div', { id: 'lookup-result', 'aria-live': 'polite' });
  const element = h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Iscritti: accesso e cancellazione dei dati')),
    h('section', { class: 'card', 'aria-label': 'Ricerca' }, form),
    result);

  async function lookUp(phone) {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    replace(result, h('p', { class: 'hint' }, 'Ricerca in corso…'));
    try {
      show(await api(`/api/subscribers/${encodeURIComponent(phone)}`));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) {
        replace(result, h('section', { class: 'card' }, h('p', { id: 'lookup-empty' }, 'Il servizio non conserva alcun dato su questo numero.')));
      } else if (failure instanceof ApiError && failure.slug === 'validation-failed') {
        replace(result);
        error.textContent = fieldMessage('phone');
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      } else {
        replace(result, h('p', { class: 'error-text', role: 'alert' }, explain(failure).general));
      }
    }
  }

  function show(data) {
    const current = data.current;
    const eraseError = actionError('erase-error');
    const download = h('button', { type: 'button', class: 'button button-quiet' }, 'Scarica i dati (JSON)');
    const erase = h('button', { type: 'button', class: 'button button-danger-quiet', 'aria-describedby': 'erase-error' }, 'Cancella i dati di questo numero');
    download.addEventListener('click', () => {
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const link = h('a', { href: URL.createObjectURL(blob), download: `dati-${data.number}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    });
    erase.addEventListener('click', async () => {
      eraseError.textContent = '';
      const sure = await confirmDialog({
        id: 'confirm-erase',
        title: 'Cancellare i dati di questo numero?',
        body: [
          h('p', { class: 'emphasis' }, `+${data.number}`),
          h('p', {}, 'Il numero esce subito dagli iscritti e non riceverà più nulla; le risposte in attesa vengono scartate.'),
          h('p', {}, 'Lo storico dei consensi resta archiviato sotto un codice non reversibile, come prova del consenso, per il periodo di conservazione previsto.'),
        ],
        confirmLabel: 'Sì, cancella i dati',
        danger: true,
      });
      if (!sure) {
        return;
      }
      erase.disabled = true;
      try {
        await api(`/api/subscribers/${encodeURIComponent(data.number)}`, { method: 'DELETE' });
        context.announce('Dati cancellati.');
        await lookUp(data.number);
        result.prepend(h('p', { class: 'notice', id: 'erase-done', role: 'status' }, `I dati di +${data.number} sono stati cancellati.`));
      } catch (failure) {
        eraseError.textContent = explain(failure).general;
        erase.disabled = false;
      }
    });

    replace(result, h('section', { class: 'card', 'aria-labelledby': 'subscriber-title' },
      h('h2', { id: 'subscriber-title' }, `+${data.number}`),
      h('p', { id: 'subscriber-state', class: 'big-state' }, current
        ? (current.subscribed ? 'Iscritto: riceve le comunicazioni.' : 'Non iscritto: non riceve comunicazioni.')
        : 'Nessun dato conservato in chiaro per questo numero.'),
      current ? h('dl', { class: 'summary' },
        h('dt', {}, 'Ultimo messaggio ricevuto'), h('dd', {}, current.lastInboundAt ? dateTime(current.lastInboundAt) : '—'),
        h('dt', {}, 'Ultima risposta automatica'), h('dd', {}, current.lastAutoReplyAt ? dateTime(current.lastAutoReplyAt) : '—'),
        h('dt', {}, 'Risposte in attesa di invio'), h('dd', {}, String(current.pendingReplies))) : null,
      current?.consentHistory.length ? historyTable(current.consentHistory, 'Storico dei consensi') : null,
      data.archived ? [
        h('h3', {}, 'Storico archiviato'),
        h('p', { class: 'hint' }, `Conservato sotto un codice non reversibile del numero dal ${dateTime(data.archived.closedAt)}; sarà eliminato ${dateTime(data.archived.deleteAt)}.`),
        historyTable(data.archived.consentHistory, 'Storico archiviato dei consensi'),
      ] : null,
      h('div', { class: 'actions' }, download, current ? erase : null, eraseError)));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const phone = input.value.trim();
    if (!phone) {
      error.textContent = 'Scrivi il numero da cercare.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    lookUp(phone);
  });

  return { element };
}
