// The API's refusals in plain Italian, next to the field or action they concern.

import { ApiError, NetworkError } from './api.js';
import { dateTime, number, statuses } from './format.js';

function atMost(english) {
  const match = /at most (\d+)/.exec(english ?? '');
  return match ? number(Number(match[1])) : null;
}

function quoted(english) {
  const match = /'([^']+)'/.exec(english ?? '');
  return match ? match[1] : '';
}

/** One field's message from the API, in Italian. */
export function fieldMessage(field, english) {
  const text = english ?? '';
  const required = /required/i.test(text);
  switch (field) {
    case 'title':
      return required ? 'Scrivi un titolo.' : `Il titolo può avere al massimo ${atMost(text)} caratteri.`;
    case 'text':
      if (required) {
        return 'Scrivi il testo del messaggio.';
      }
      if (/template/i.test(text)) {
        return `Il testo può avere al massimo ${atMost(text)} caratteri: riempie il modello approvato «${quoted(text)}».`;
      }
      if (/media/i.test(text)) {
        return `Con un allegato il testo diventa la didascalia: al massimo ${atMost(text)} caratteri.`;
      }
      return `Il testo può avere al massimo ${atMost(text)} caratteri.`;
    case 'category':
      return 'Scegli una categoria: notizia, allerta meteo o emergenza.';
    case 'media.kind':
      if (/image header/i.test(text)) {
        return `Il modello approvato «${quoted(text)}» ha un'immagine in testa: allega un'immagine.`;
      }
      if (/document header/i.test(text)) {
        return `Il modello approvato «${quoted(text)}» ha un documento in testa: allega un documento.`;
      }
      if (/no media header/i.test(text)) {
        return `Il modello approvato «${quoted(text)}» non prevede allegati: togli l'allegato.`;
      }
      return 'Scegli il tipo di allegato: immagine o documento.';
    case 'media.url':
      return required ? "Indica l'indirizzo dell'allegato." : "L'indirizzo dell'allegato deve essere completo e iniziare con https://.";
    case 'media.filename':
      return `Il nome del file può avere al massimo ${atMost(text)} caratteri.`;
    case 'scheduledAt':
      return /future/i.test(text)
        ? "L'orario di invio deve essere nel futuro; scegli «Invia subito» per inviare ora."
        : 'Indica una data e un orario validi.';
    case 'emergencyReason':
      if (/needs a reason/i.test(text)) {
        return "Un'emergenza richiede un motivo.";
      }
      if (/only emergencies/i.test(text)) {
        return 'Solo le emergenze hanno un motivo.';
      }
      return `Il motivo può avere al massimo ${atMost(text)} caratteri.`;
    case 'phone':
    case 'to':
    case 'from':
      return 'Numero non valido: scrivilo con il prefisso internazionale, per esempio 393331234567.';
    default:
      return 'Valore non valido.';
  }
}

/**
 * What to tell the user about a failed call: { fields: { name: message }, general: message }.
 * Field messages go next to their fields; the general one next to the action.
 */
export function explain(error) {
  if (error instanceof NetworkError) {
    return { fields: {}, general: 'Impossibile contattare il server. Controlla la connessione e riprova.' };
  }
  if (!(error instanceof ApiError)) {
    return { fields: {}, general: 'Qualcosa è andato storto. Riprova.' };
  }

  const problem = error.problem;
  switch (error.slug) {
    case 'validation-failed': {
      const fields = {};
      let general = null;
      for (const [field, messages] of Object.entries(problem.errors ?? {})) {
        if (field === 'body' || field === 'Idempotency-Key') {
          general = 'La richiesta non è valida: ricarica la pagina e riprova.';
        } else {
          fields[field] = fieldMessage(field, messages[0]);
        }
      }
      return { fields, general: general ?? (Object.keys(fields).length ? 'Correggi i campi segnalati.' : 'La richiesta non è valida.') };
    }
    case 'weekly-limit-reached':
      return {
        fields: {},
        general:
          `Limite settimanale raggiunto: questa settimana sono già state inviate ${number(problem.used)} campagne su ${number(problem.limit)}. ` +
          `Il conteggio si azzera ${dateTime(problem.resetsAt)}. Le emergenze non sono soggette al limite.`,
      };
    case 'template-not-configured':
      return {
        fields: {},
        general:
          `Manca il modello approvato da WhatsApp per questa categoria (${problem.setting}): la campagna non è partita. ` +
          'Chiedi all’amministratore di configurarlo.',
      };
    case 'conflict':
      if (problem.setting === 'PressOffice:TestRecipients') {
        return { fields: {}, general: 'Non ci sono telefoni di prova (PressOffice:TestRecipients): chiedi all’amministratore di configurarli.' };
      }
      return {
        fields: {},
        general: problem.campaignStatus
          ? `La campagna è già terminata (${(statuses[problem.campaignStatus] ?? problem.campaignStatus).toLowerCase()}): non si può più annullare.`
          : 'Questa richiesta è già stata usata per un’altra campagna: ricarica la pagina e riprova.',
      };
    case 'forbidden':
      return { fields: {}, general: 'La tua chiave non ha il permesso per questa operazione.' };
    case 'unauthorized':
      return { fields: {}, general: 'Chiave non valida: accedi di nuovo.' };
    case 'not-found':
      return { fields: {}, general: 'Non trovato.' };
    case 'storage-unavailable':
      return { fields: {}, general: 'Il database del servizio non risponde: non è stato salvato nulla. Riprova tra qualche secondo.' };
    default:
      return {
        fields: {},
        general: error.status >= 500 ? 'Il servizio non risponde in questo momento. Riprova tra poco.' : 'La richiesta non è stata accettata.',
      };
  }
}
