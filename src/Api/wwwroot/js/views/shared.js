// Pieces several views share.

import { h, replace } from '../dom.js';
import { categories, dateTime, number, processed, statuses } from '../format.js';
import { progressBar } from '../charts.js';

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, statuses[status] ?? status);
}

export function categoryBadge(category) {
  return h('span', { class: `badge category-${category}` }, categories[category] ?? category);
}

/** "In diretta" or "Riconnessione…": the state of a live stream. */
export function liveIndicator() {
  const element = h('p', { class: 'live live-connecting', role: 'status' }, 'Connessione…');
  return {
    element,
    set(state) {
      const labels = { live: 'Aggiornamenti in diretta', reconnecting: 'Connessione persa, nuovo tentativo…', ended: 'Aggiornamenti conclusi', refused: 'Aggiornamenti non disponibili' };
      element.className = `live live-${state}`;
      element.textContent = labels[state] ?? '';
    },
  };
}

/** One line of a campaign list: title, badges, progress and counts. */
export function campaignRow(campaign) {
  const counts = campaign.counts;
  return h('li', { class: 'campaign-row' },
    h('div', { class: 'campaign-row-head' },
      h('a', { href: `#/campagne/${encodeURIComponent(campaign.id)}`, class: 'campaign-title' }, campaign.title),
      categoryBadge(campaign.category),
      statusBadge(campaign.status)),
    progressBar(campaign),
    h('p', { class: 'campaign-row-meta' },
      `${number(processed(counts))} di ${number(counts.audience)} elaborati · ${number(counts.delivered)} consegnati · ${number(counts.read)} letti`,
      counts.failed ? ` · ${number(counts.failed)} non riusciti` : '',
      ` · ${campaign.scheduledAt && campaign.status === 'scheduled' ? `programmata per ${dateTime(campaign.scheduledAt)}${campaign.heldForQuietHours ? ' (ore di silenzio)' : ''}` : `creata ${dateTime(campaign.createdAt)}`}`));
}

/** A message as a WhatsApp bubble: optional media, the text with WhatsApp's *bold* and _italic_, the time. */
export function whatsAppBubble({ text, media, time, template, direction = 'in' }) {
  const body = h('div', { class: 'bubble-text' });
  formatWhatsApp(body, text ?? '');
  return h('div', { class: `bubble bubble-${direction}` },
    media?.kind === 'image' && media.url ? h('img', { class: 'bubble-image', src: media.url, alt: 'Immagine allegata', loading: 'lazy', referrerpolicy: 'no-referrer' }) : null,
    media?.kind === 'document' ? h('div', { class: 'bubble-document' }, h('span', { 'aria-hidden': 'true' }, '📄 '), media.filename || nameFromUrl(media.url) || 'Documento') : null,
    body,
    template ? h('p', { class: 'bubble-template' }, `Modello approvato «${template}»`) : null,
    time ? h('span', { class: 'bubble-time' }, time) : null);
}

function nameFromUrl(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop());
  } catch {
    return '';
  }
}

/** Renders *bold*, _italic_ and ~strike~ as WhatsApp does, building nodes (never HTML). */
export function formatWhatsApp(target, text) {
  replace(target);
  const pattern = /([*_~])(?=\S)([^\n]*?\S)\1/g;
  for (const [index, line] of text.split('\n').entries()) {
    if (index > 0) {
      target.append(document.createElement('br'));
    }
    let last = 0;
    for (const match of line.matchAll(pattern)) {
      target.append(line.slice(last, match.index));
      const tag = { '*': 'strong', _: 'em', '~': 's' }[match[1]];
      target.append(h(tag, {}, match[2]));
      last = match.index + match[0].length;
    }
    target.append(line.slice(last));
  }
}

/** The categories whose campaigns the service refuses for want of an approved template (Cloud mode). */
export function missingTemplates(limits) {
  return limits?.templatesRequired ? Object.keys(categories).filter((category) => !limits.templates?.[category]) : [];
}

/** The setting that names a category's template. */
export function templateSetting(category) {
  return `WhatsApp:Templates:${category.charAt(0).toUpperCase()}${category.slice(1)}`;
}

/** An error message that belongs next to an action. */
export function actionError(id) {
  return h('p', { id, class: 'action-error', role: 'alert' });
}
