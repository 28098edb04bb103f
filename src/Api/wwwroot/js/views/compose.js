// Compose: a campaign with a live character counter, a WhatsApp preview, a test send to the staff's phones and a
// confirmation (two for an emergency); what would stop or delay it (a missing template, the quiet hours) is said first.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { categories, dateTime, fromNow, inQuietHours, localInputToIso, number, plural } from '../format.js';
import { explain } from '../problems.js';
import { confirmDialog } from './dialog.js';
import { actionError, missingTemplates, templateSetting, whatsAppBubble } from './shared.js';

/** The text limit that applies and why, as the server checks it: template first, then caption, then free-form. */
function textLimit(limits, category, hasMedia) {
  const template = limits.templates?.[category] ?? null;
  let max = hasMedia ? limits.captionMaxLength : limits.textMaxLength;
  let reason = hasMedia ? 'didascalia di un allegato' : 'messaggio libero';
  if (template && template.maxTextLength < max) {
    max = template.maxTextLength;
    reason = `modello approvato «${template.name}»`;
  }
  return { max, reason, template };
}

function field({ id, label, control, hint, counter }) {
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const described = [hint ? `${id}-hint` : null, counter ? counter.id : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  const wrapper = h('div', { class: 'field', id: `${id}-field` },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null,
    counter ?? null,
    error);
  return { wrapper, error, control };
}

export function composeView(context) {
  const limits = context.limits;
  const allowed = Object.keys(categories).filter((category) =>
    category === 'emergency' ? context.can('emergency') : context.can('editor'));

  // Category.
  const categoryError = h('p', { id: 'category-error', class: 'field-error' });
  const categoryInputs = allowed.map((category, index) => h('label', { class: `choice choice-${category}` },
    h('input', { type: 'radio', name: 'category', value: category, checked: index === 0, 'aria-describedby': 'category-error' }),
    ` ${categories[category]}`));
  const categoryField = h('fieldset', { class: 'field', id: 'category-field' },
    h('legend', {}, 'Categoria'), h('div', { class: 'choices' }, categoryInputs), categoryError);

  // Title and text with their counters.
  const titleCounter = h('p', { id: 'title-counter', class: 'counter' });
  const title = field({ id: 'title', label: 'Titolo (solo per l’ufficio stampa)', control: h('input', { id: 'title', name: 'title', type: 'text', autocomplete: 'off' }), counter: titleCounter });
  const textCounter = h('p', { id: 'text-counter', class: 'counter' });
  const text = field({ id: 'text', label: 'Testo del messaggio', control: h('textarea', { id: 'text', name: 'text', rows: 8 }), hint: 'Si può usare *grassetto*, _corsivo_ e ~barrato~ come su WhatsApp.', counter: textCounter });

  // Attachment.
  const mediaKind = field({ id: 'media-kind', label: 'Allegato', control: h('select', { id: 'media-kind', name: 'mediaKind' },
    h('option', { value: '' }, 'Nessuno'), h('option', { value: 'image' }, 'Immagine'), h('option', { value: 'document' }, 'Documento (PDF)')) });
  const mediaUrl = field({ id: 'media-url', label: 'Indirizzo dell’allegato', control: h('input', { id: 'media-url', name: 'mediaUrl', type: 'url', inputmode: 'url', placeholder: 'https://www.comune.vimercate.mb.it/…' }), hint: 'Un indirizzo https pubblico: WhatsApp scarica il file da lì.' });
  const mediaName = field({ id: 'media-filename', label: 'Nome del file mostrato', control: h('input', { id: 'media-filename', name: 'mediaFilename', type: 'text' }) });

  // Schedule.
  const scheduleError = h('p', { id: 'scheduledAt-error', class: 'field-error' });
  const whenNow = h('input', { type: 'radio', name: 'when', value: 'now', checked: true });
  const whenLater = h('input', { type: 'radio', name: 'when', value: 'later' });
  const scheduledAt = h('input', { id: 'scheduled-at', name: 'scheduledAt', type: 'datetime-local', 'aria-describedby': 'scheduledAt-error' });
  const scheduleLabel = h('label', { for: 'scheduled-at', class: 'sub-label' }, 'Data e ora di invio');
  const scheduleField = h('fieldset', { class: 'field', id: 'scheduledAt-field' },
    h('legend', {}, 'Invio'),
    h('div', { class: 'choices' }, h('label', { class: 'choice' }, whenNow, ' Invia subito'), h('label', { class: 'choice' }, whenLater, ' Programma')),
    scheduleLabel, scheduledAt, scheduleError);

  // Emergency reason.
  const reasonCounter = h('p', { id: 'emergency-reason-counter', class: 'counter' });
  const reason = field({ id: 'emergency-reason', label: 'Motivo dell’emergenza', control: h('textarea', { id: 'emergency-reason', name: 'emergencyReason', rows: 3 }), hint: 'Resta registrato con la campagna: le emergenze non contano nel limite settimanale e partono prima di ogni altra campagna.', counter: reasonCounter });

  const sendError = actionError('send-error');
  const sendButton = h('button', { type: 'submit', class: 'button button-primary', id: 'send', 'aria-describedby': 'send-error' }, 'Rivedi e invia');
  const testButton = h('button', { type: 'button', class: 'button button-quiet', id: 'test-send', 'aria-describedby': 'test-send-result send-error' }, 'Invia una prova');
  const testResult = h('p', { id: 'test-send-result', class: 'hint', role: 'status' });

  // What would stop or delay the campaign, said before it is written.
  const templateNotice = h('p', { id: 'template-missing', class: 'notice', hidden: true });
  const quietNotice = h('p', { id: 'quiet-hours', class: 'notice', hidden: true });
  const form = h('form', { class: 'compose-form', novalidate: true, 'aria-labelledby': 'compose-title' },
    categoryField, templateNotice, title.wrapper, text.wrapper, mediaKind.wrapper, mediaUrl.wrapper, mediaName.wrapper, scheduleField, quietNotice,
    reason.wrapper,
    h('div', { class: 'actions' }, sendButton, testButton, sendError),
    testResult);

  const previewBubble = h('div', { class: 'preview-bubble' });
  const previewNote = h('p', { class: 'hint', id: 'preview-note' });
  const preview = h('aside', { class: 'preview', 'aria-labelledby': 'preview-title' },
    h('h2', { id: 'preview-title' }, 'Anteprima'),
    h('div', { class: 'phone' },
      h('div', { class: 'phone-head' }, h('span', { class: 'phone-avatar', 'aria-hidden': 'true' }, 'V'), h('span', {}, 'Città di Vimercate')),
      h('div', { class: 'phone-chat' }, previewBubble)),
    previewNote);

  const element = h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', { id: 'compose-title' }, 'Nuova campagna')),
    h('div', { class: 'compose' }, form, preview));

  const inputs = {
    title: title.control, text: text.control, 'media.kind': mediaKind.control, 'media.url': mediaUrl.control,
    'media.filename': mediaName.control, scheduledAt, emergencyReason: reason.control,
  };
  const errors = {
    title: title.error, text: text.error, category: categoryError, 'media.kind': mediaKind.error, 'media.url': mediaUrl.error,
    'media.filename': mediaName.error, scheduledAt: scheduleError, emergencyReason: reason.error,
  };

  const category = () => form.querySelector('input[name="category"]:checked')?.value ?? allowed[0];
  const missing = missingTemplates(limits);
  let busy = false;
  const kind = () => mediaKind.control.value;

  function request() {
    const media = kind() ? { kind: kind(), url: mediaUrl.control.value.trim(), filename: kind() === 'document' && mediaName.control.value.trim() ? mediaName.control.value.trim() : null } : null;
    return {
      title: title.control.value.trim(),
      text: text.control.value,
      category: category(),
      media,
      scheduledAt: whenLater.checked ? localInputToIso(scheduledAt.value) : null,
      emergencyReason: category() === 'emergency' ? reason.control.value.trim() : null,
    };
  }

  function update() {
    const isEmergency = category() === 'emergency';
    reason.wrapper.hidden = !isEmergency;
    mediaUrl.wrapper.hidden = !kind();
    mediaName.wrapper.hidden = kind() !== 'document';
    scheduleLabel.hidden = !whenLater.checked;
    scheduledAt.hidden = !whenLater.checked;
    form.classList.toggle('compose-emergency', isEmergency);
    sendButton.textContent = isEmergency ? 'Rivedi e invia l’emergenza' : 'Rivedi e invia';

    const lacksTemplate = missing.includes(category());
    templateNotice.hidden = !lacksTemplate;
    templateNotice.textContent = lacksTemplate
      ? `Manca il modello approvato da WhatsApp per la categoria «${categories[category()]}» (${templateSetting(category())}): ` +
        'WhatsApp consegna una campagna a chi non ha scritto nelle ultime 24 ore solo come modello approvato, quindi questa categoria ' +
        'non si può inviare. Chiedi all’amministratore di configurarlo.'
      : '';
    sendButton.disabled = busy || lacksTemplate;
    testButton.disabled = busy || lacksTemplate;
    const quiet = limits.quietHours;
    const held = !isEmergency && whenNow.checked && inQuietHours(quiet);
    quietNotice.hidden = !held;
    quietNotice.textContent = held
      ? `Ore di silenzio (${quiet.start}–${quiet.end}): se la invii adesso, la campagna resta programmata e parte alle ${quiet.end}. ` +
        'Le emergenze partono subito; per un altro orario scegli «Programma».'
      : '';

    const limit = textLimit(limits, category(), Boolean(kind()));
    const length = text.control.value.length;
    textCounter.textContent = `${number(length)} / ${number(limit.max)} caratteri · ${limit.reason}`;
    textCounter.classList.toggle('counter-over', length > limit.max);
    const titleLength = title.control.value.trim().length;
    titleCounter.textContent = `${number(titleLength)} / ${number(limits.titleMaxLength)} caratteri`;
    titleCounter.classList.toggle('counter-over', titleLength > limits.titleMaxLength);
    const reasonLength = reason.control.value.trim().length;
    reasonCounter.textContent = `${number(reasonLength)} / ${number(limits.emergencyReasonMaxLength)} caratteri`;
    reasonCounter.classList.toggle('counter-over', reasonLength > limits.emergencyReasonMaxLength);

    const draft = request();
    const safeMedia = draft.media && /^https:\/\//i.test(draft.media.url) ? draft.media : draft.media?.kind === 'document' ? draft.media : null;
    replace(previewBubble, whatsAppBubble({
      text: draft.text || 'Il testo del messaggio apparirà qui.',
      media: safeMedia,
      template: limit.template?.name,
      time: new Intl.DateTimeFormat('it-IT', { hour: '2-digit', minute: '2-digit' }).format(new Date()),
    }));
    previewNote.textContent = limit.template
      ? `La categoria ${categories[category()].toLowerCase()} usa il modello approvato «${limit.template.name}»: il testo ne riempie il corpo.`
      : 'Così lo vedranno gli iscritti su WhatsApp.';
  }

  function showErrors(fields, general) {
    for (const [name, element] of Object.entries(errors)) {
      element.textContent = fields[name] ?? '';
      inputs[name]?.setAttribute('aria-invalid', fields[name] ? 'true' : 'false');
    }
    sendError.textContent = general ?? '';
    const first = Object.keys(fields)[0];
    if (first) {
      (inputs[first] ?? form.querySelector('input[name="category"]'))?.focus();
    }
  }

  /** The same rules the API applies, checked before asking for confirmation; a test send skips the time and the reason. */
  function validate(draft, { test = false } = {}) {
    const fields = {};
    if (!draft.title) {
      fields.title = 'Scrivi un titolo.';
    } else if (draft.title.length > limits.titleMaxLength) {
      fields.title = `Il titolo può avere al massimo ${number(limits.titleMaxLength)} caratteri.`;
    }
    const limit = textLimit(limits, draft.category, Boolean(draft.media));
    if (!draft.text.trim()) {
      fields.text = 'Scrivi il testo del messaggio.';
    } else if (draft.text.length > limit.max) {
      fields.text = `Il testo può avere al massimo ${number(limit.max)} caratteri (${limit.reason}).`;
    }
    if (draft.media) {
      if (!draft.media.url) {
        fields['media.url'] = "Indica l'indirizzo dell'allegato.";
      } else if (!/^https:\/\/[^/\s]+/i.test(draft.media.url)) {
        fields['media.url'] = "L'indirizzo dell'allegato deve essere completo e iniziare con https://.";
      }
      if (draft.media.filename && draft.media.filename.length > limits.filenameMaxLength) {
        fields['media.filename'] = `Il nome del file può avere al massimo ${number(limits.filenameMaxLength)} caratteri.`;
      }
    }
    if (whenLater.checked && !test) {
      if (!scheduledAt.value) {
        fields.scheduledAt = 'Indica data e ora di invio, oppure scegli «Invia subito».';
      } else if (new Date(scheduledAt.value).getTime() <= Date.now()) {
        fields.scheduledAt = "L'orario di invio deve essere nel futuro; scegli «Invia subito» per inviare ora.";
      }
    }
    if (draft.category === 'emergency' && !test) {
      if (!draft.emergencyReason) {
        fields.emergencyReason = "Un'emergenza richiede un motivo.";
      } else if (draft.emergencyReason.length > limits.emergencyReasonMaxLength) {
        fields.emergencyReason = `Il motivo può avere al massimo ${number(limits.emergencyReasonMaxLength)} caratteri.`;
      }
    }
    return fields;
  }

  function summary(draft, estimate) {
    return h('dl', { class: 'summary' },
      h('dt', {}, 'Campagna'), h('dd', {}, draft.title),
      h('dt', {}, 'Categoria'), h('dd', {}, categories[draft.category]),
      h('dt', {}, 'Destinatari'), h('dd', { id: 'confirm-audience' }, plural(estimate.audience, 'iscritto attivo', 'iscritti attivi')),
      h('dt', {}, 'Inizio'), h('dd', { id: 'confirm-start' }, draft.scheduledAt
        ? dateTime(draft.scheduledAt)
        : estimate.heldForQuietHours ? `${dateTime(estimate.startsAt)}, alla fine delle ore di silenzio` : 'subito'),
      h('dt', {}, 'Completamento stimato'), h('dd', { id: 'confirm-completion' }, `${dateTime(estimate.estimatedCompletionAt)} (${fromNow(estimate.estimatedCompletionAt)})`),
      draft.emergencyReason ? [h('dt', {}, 'Motivo'), h('dd', {}, draft.emergencyReason)] : null);
  }

  // One Idempotency-Key per distinct request: a second click or a retry of the same campaign never creates two.
  let lastBody = null;
  let idempotencyKey = null;

  async function submit(event) {
    event.preventDefault();
    const draft = request();
    const problems = validate(draft);
    if (Object.keys(problems).length) {
      showErrors(problems, 'Correggi i campi segnalati.');
      return;
    }
    showErrors({}, '');
    busy = true;
    update();
    try {
      const query = new URLSearchParams({ category: draft.category });
      if (draft.scheduledAt) {
        query.set('scheduledAt', draft.scheduledAt);
      }
      const estimate = await api(`/api/campaigns/estimate?${query}`);
      const emergency = draft.category === 'emergency';
      const first = await confirmDialog({
        id: 'confirm-send',
        title: emergency ? 'Confermi l’invio dell’emergenza?' : 'Confermi l’invio?',
        body: [summary(draft, estimate), h('p', {}, 'Controlla il testo nell’anteprima: dopo l’invio i messaggi partiti non si possono ritirare.')],
        confirmLabel: `Invia a ${plural(estimate.audience, 'iscritto', 'iscritti')}`,
        danger: emergency,
      });
      if (!first) {
        return;
      }
      if (emergency) {
        const second = await confirmDialog({
          id: 'confirm-emergency',
          title: 'Seconda conferma: emergenza',
          body: [
            h('p', { class: 'emphasis' }, `Stai per inviare un’EMERGENZA a ${plural(estimate.audience, 'iscritto', 'iscritti')}.`),
            h('p', {}, 'Parte prima di ogni altra campagna e non conta nel limite settimanale. Il motivo resta registrato:'),
            h('blockquote', {}, draft.emergencyReason),
          ],
          confirmLabel: 'Sì, invia l’emergenza',
          cancelLabel: 'No, torna indietro',
          danger: true,
        });
        if (!second) {
          return;
        }
      }

      const body = JSON.stringify(draft);
      if (body !== lastBody) {
        lastBody = body;
        idempotencyKey = crypto.randomUUID();
      }
      const campaign = await api('/api/campaigns', { method: 'POST', body: draft, headers: { 'Idempotency-Key': idempotencyKey } });
      context.announce(campaign.heldForQuietHours
        ? `Campagna «${campaign.title}» programmata per ${dateTime(campaign.scheduledAt)}: ore di silenzio.`
        : `Campagna «${campaign.title}» accettata.`);
      context.navigate(`#/campagne/${encodeURIComponent(campaign.id)}`);
    } catch (failure) {
      const { fields, general } = explain(failure);
      showErrors(fields, general);
    } finally {
      busy = false;
      update();
    }
  }

  /** What a test send did, phone by phone (numbers masked). */
  function testSummary(result) {
    const phones = (outcome) => result.recipients.filter((r) => r.outcome === outcome).map((r) => r.number).join(', ');
    const parts = [result.sent
      ? `Prova inviata a ${plural(result.sent, 'telefono di prova', 'telefoni di prova')}: ${phones('sent')}.`
      : 'La prova non è stata inviata a nessun telefono.'];
    const others = [
      ['notSubscribed', 'Non iscritti, nessun invio (scrivi «Vimercate Info» da quel telefono)'],
      ['notSentNow', 'WhatsApp non l’ha presa ora, riprova più tardi'],
      ['unknown', 'Esito incerto, potrebbe arrivare'],
      ['failed', 'Rifiutata da WhatsApp'],
    ];
    for (const [outcome, label] of others) {
      if (phones(outcome)) {
        parts.push(`${label}: ${phones(outcome)}.`);
      }
    }
    return `${parts.join(' ')} La prova non è una campagna: non conta nel limite settimanale.`;
  }

  async function testSend() {
    const draft = request();
    const problems = validate(draft, { test: true });
    if (Object.keys(problems).length) {
      showErrors(problems, 'Correggi i campi segnalati.');
      return;
    }
    showErrors({}, '');
    busy = true;
    update();
    testResult.textContent = 'Invio della prova in corso…';
    try {
      testResult.textContent = testSummary(await api('/api/campaigns/preview', { method: 'POST', body: { ...draft, scheduledAt: null } }));
    } catch (failure) {
      const { fields, general } = explain(failure);
      testResult.textContent = '';
      showErrors(fields, general);
    } finally {
      busy = false;
      update();
    }
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', submit);
  testButton.addEventListener('click', testSend);
  update();
  return { element };
}

