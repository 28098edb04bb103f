// The citizen simulator: writes to POST /sandbox/inbound and shows what the service sends, from a server-sent event stream.

import { session } from '/js/api.js';
import { h, replace } from '/js/dom.js';
import { follow } from '/js/live.js';
import { formatWhatsApp } from '/js/views/shared.js';

const chat = document.getElementById('chat');
const chatNumber = document.getElementById('chat-number');
const numberForm = document.getElementById('number-form');
const numberInput = document.getElementById('number');
const numberError = document.getElementById('number-error');
const recent = document.getElementById('recent-numbers');
const composer = document.getElementById('composer');
const message = document.getElementById('message');
const messageError = document.getElementById('message-error');
const sendButton = composer.querySelector('button');
const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('api-key');
const keyError = document.getElementById('key-error');

const outcomes = {
  subscribed: 'Iscrizione registrata',
  alreadySubscribed: 'Già iscritto',
  unsubscribed: 'Iscrizione cancellata',
  notSubscribed: 'Numero non iscritto',
  autoReplied: 'Risposta automatica',
  autoReplySuppressed: 'Nessuna risposta: la risposta automatica è già stata inviata nelle ultime 24 ore',
  ignored: 'Messaggio ignorato',
  numberChanged: 'Cambio di numero registrato',
  duplicate: 'Messaggio già ricevuto',
  stale: 'Messaggio più vecchio dell’ultima scelta: nessun effetto',
};

const timeFormat = new Intl.DateTimeFormat('it-IT', { hour: '2-digit', minute: '2-digit' });

let number = null;
let stream = null;
let entries = [];

function storageKey(n) {
  return `vimercate.simulator.${n}`;
}

function recentNumbers() {
  return JSON.parse(sessionStorage.getItem('vimercate.simulator.numbers') ?? '[]');
}

function remember(n) {
  const numbers = [n, ...recentNumbers().filter((x) => x !== n)].slice(0, 8);
  sessionStorage.setItem('vimercate.simulator.numbers', JSON.stringify(numbers));
  drawRecent();
}

function drawRecent() {
  replace(recent, recentNumbers().map((n) => {
    const button = h('button', { type: 'button', class: 'button button-quiet', 'aria-pressed': n === number ? 'true' : 'false' }, n);
    button.addEventListener('click', () => open(n));
    return h('li', {}, button);
  }));
}

// The server reads the number as typed (national or with its country code); here only its characters are checked.
function plausible(value) {
  const text = value.trim().replace(/\s+/g, ' ');
  return /^\+?[\d ().\/-]{6,30}$/.test(text) ? text : null;
}

function headers(extra = {}) {
  return session.key ? { ...extra, 'X-Api-Key': session.key } : extra;
}

// Outside Development the sandbox wants a press office key with the admin role, as the console does.
function askForKey(status) {
  keyForm.hidden = false;
  keyError.textContent = status === 403
    ? 'Questa chiave non ha il ruolo admin: il simulatore non è disponibile con questa chiave.'
    : session.key ? 'Chiave non valida: controlla di averla copiata per intero.' : 'Per usare il simulatore inserisci una chiave API con il ruolo admin.';
  keyInput.setAttribute('aria-invalid', session.key ? 'true' : 'false');
  keyInput.focus();
}

function draw() {
  entries.sort((a, b) => a.at - b.at || a.seq - b.seq);
  replace(chat, entries.map((entry) => entry.element));
  chat.scrollTop = chat.scrollHeight;
}

let seq = 0;

function add(at, element) {
  seq += 1;
  entries.push({ at, seq, element });
  draw();
}

function citizenBubble(text, at) {
  const body = h('div', { class: 'bubble-text' });
  formatWhatsApp(body, text);
  return h('div', { class: 'bubble bubble-out', 'data-from': 'citizen' }, body, h('span', { class: 'bubble-time' }, timeFormat.format(at)));
}

function serviceBubble(item) {
  const body = h('div', { class: 'bubble-text' });
  formatWhatsApp(body, item.text);
  return h('div', { class: 'bubble bubble-in', 'data-from': 'service', 'data-campaign': item.campaignId ?? null },
    item.type === 'image' ? h('div', { class: 'bubble-document' }, h('span', { 'aria-hidden': 'true' }, '🖼 '), 'Immagine') : null,
    item.type === 'document' ? h('div', { class: 'bubble-document' }, h('span', { 'aria-hidden': 'true' }, '📄 '), 'Documento') : null,
    body,
    item.template ? h('p', { class: 'bubble-template' }, `Modello approvato «${item.template}»`) : null,
    h('span', { class: 'bubble-time' }, `${item.campaignId ? 'Comunicazione · ' : ''}${timeFormat.format(new Date(item.at))}`));
}

function note(text, at = new Date()) {
  add(at.getTime(), h('p', { class: 'system-note' }, text));
}

function saved(n) {
  return JSON.parse(sessionStorage.getItem(storageKey(n)) ?? '[]');
}

function open(n) {
  stream?.close();
  number = n;
  entries = [];
  numberInput.value = n;
  numberError.textContent = '';
  numberInput.removeAttribute('aria-invalid');
  messageError.textContent = '';
  chatNumber.textContent = `Scrivi come ${n}`;
  message.disabled = false;
  sendButton.disabled = false;
  for (const quick of document.querySelectorAll('[data-text]')) {
    quick.disabled = false;
  }
  remember(n);
  for (const sent of saved(n)) {
    add(sent.at, citizenBubble(sent.text, new Date(sent.at)));
  }
  draw();
  stream = follow(`/sandbox/outbox/events?to=${encodeURIComponent(n)}`, {
    key: session.key,
    onEvent(type, item) {
      if (type === 'message') {
        add(new Date(item.at).getTime(), serviceBubble(item));
      }
    },
    onState(state, detail) {
      if (state === 'refused' && (detail.status === 401 || detail.status === 403)) {
        askForKey(detail.status);
      } else if (state === 'refused') {
        numberError.textContent = 'Numero non valido: scrivilo come 333 123 4567 oppure +39 333 123 4567.';
      }
      if (state === 'reconnecting') {
        entries = entries.filter((entry) => entry.element.dataset.from !== 'service');
        draw();
      }
    },
  });
  message.focus();
}

async function send(text) {
  if (!number || !text.trim()) {
    return;
  }
  messageError.textContent = '';
  const at = Date.now();
  sessionStorage.setItem(storageKey(number), JSON.stringify([...saved(number), { text, at }]));
  add(at, citizenBubble(text, new Date(at)));
  try {
    const response = await fetch('/sandbox/inbound', {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      body: JSON.stringify({ from: number, text }),
    });
    if (response.status === 401 || response.status === 403) {
      askForKey(response.status);
      return;
    }
    const body = await response.json();
    if (response.ok) {
      note(outcomes[body.outcome] ?? body.outcome);
    } else if (response.status === 400) {
      messageError.textContent = body.errors?.text ? 'Il messaggio non può essere vuoto né superare 4096 caratteri.' : 'Numero non valido.';
    } else {
      messageError.textContent = 'Il servizio non ha potuto gestire il messaggio ora: riprova.';
    }
  } catch {
    messageError.textContent = 'Impossibile contattare il server: riprova.';
  }
}

numberForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const n = plausible(numberInput.value);
  if (!n) {
    numberError.textContent = 'Numero non valido: scrivilo come 333 123 4567 oppure +39 333 123 4567.';
    numberInput.setAttribute('aria-invalid', 'true');
    numberInput.focus();
    return;
  }
  open(n);
});

document.getElementById('random-number').addEventListener('click', () => {
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b % 10).join('');
  open(`+39 34${digits}`);
});

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) {
    keyError.textContent = 'Inserisci la chiave API.';
    keyInput.setAttribute('aria-invalid', 'true');
    keyInput.focus();
    return;
  }
  session.key = key;
  keyInput.value = '';
  keyError.textContent = '';
  keyForm.hidden = true;
  if (number) {
    open(number);
  }
});

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = message.value;
  message.value = '';
  send(text);
});

for (const quick of document.querySelectorAll('[data-text]')) {
  quick.addEventListener('click', () => send(quick.dataset.text));
}

drawRecent();
const last = recentNumbers()[0];
if (last) {
  open(last);
}
