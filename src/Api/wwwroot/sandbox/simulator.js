// The citizen simulator: writes to POST /sandbox/inbound and shows what the service sends, from a server-sent event stream.

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
    const button = h('button', { type: 'button', class: 'button button-quiet', 'aria-pressed': n === number ? 'true' : 'false' }, `+${n}`);
    button.addEventListener('click', () => open(n));
    return h('li', {}, button);
  }));
}

function normalize(value) {
  let digits = value.replace(/[\s().-]/g, '');
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  }
  return /^[1-9]\d{5,14}$/.test(digits) ? digits : null;
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
  chatNumber.textContent = `Scrivi come +${n}`;
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
    onEvent(type, item) {
      if (type === 'message') {
        add(new Date(item.at).getTime(), serviceBubble(item));
      }
    },
    onState(state) {
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
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ from: number, text }),
    });
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
  const n = normalize(numberInput.value);
  if (!n) {
    numberError.textContent = 'Numero non valido: scrivilo con il prefisso internazionale, per esempio 393331234567.';
    numberInput.setAttribute('aria-invalid', 'true');
    numberInput.focus();
    return;
  }
  open(n);
});

document.getElementById('random-number').addEventListener('click', () => {
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(7)), (b) => b % 10).join('');
  open(`3933${digits}`);
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
