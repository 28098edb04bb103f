// The press office console: sign-in, sections by role, routing by the address's #fragment.

import { api, session, whenStorageChanges, whenUnauthorized, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { useTimeZone } from './format.js';
import { explain } from './problems.js';
import { overviewView } from './views/overview.js';
import { composeView } from './views/compose.js';
import { campaignView } from './views/campaign.js';
import { campaignsView } from './views/campaigns.js';
import { subscribersView } from './views/subscribers.js';
import { auditView } from './views/audit.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const announcer = document.getElementById('announcer');

/** Everything a view needs to know about who is signed in. */
const context = {
  me: null,
  limits: null,
  can(role) {
    const roles = this.me?.roles ?? [];
    return roles.includes(role) || roles.includes('admin');
  },
  get canCompose() {
    return this.can('editor') || this.can('emergency');
  },
  navigate(hash) {
    if (location.hash === hash) {
      render();
    } else {
      location.hash = hash;
    }
  },
  announce(message) {
    announcer.textContent = '';
    requestAnimationFrame(() => {
      announcer.textContent = message;
    });
  },
};

/** Sections: which role sees them, how they are named and drawn. */
const sections = [
  { path: 'panoramica', label: 'Panoramica', allowed: () => context.can('editor'), view: overviewView },
  { path: 'nuova', label: 'Nuova campagna', allowed: () => context.canCompose, view: composeView },
  { path: 'campagne', label: 'Campagne', allowed: () => context.can('editor'), view: campaignsView },
  { path: 'iscritti', label: 'Iscritti', allowed: () => context.can('dpo'), view: subscribersView },
  { path: 'registro', label: 'Registro', allowed: () => context.can('admin'), view: auditView },
];

let current = null;

function firstAllowed() {
  return sections.find((section) => section.allowed());
}

function drawNav(active) {
  const links = sections.filter((section) => section.allowed()).map((section) =>
    h('a', { href: `#/${section.path}`, class: 'nav-link', 'aria-current': section === active ? 'page' : null }, section.label));
  if (context.me?.sandbox) {
    links.push(h('a', { href: '/sandbox/', class: 'nav-link nav-external' }, 'Simulatore'));
  }
  replace(nav, links);
  nav.hidden = false;
  account.hidden = false;
  document.getElementById('account-name').textContent = context.me.name;
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'campagne' && parts[1]) {
    return { section: sections.find((x) => x.path === 'campagne'), view: campaignView, params: { id: parts[1] } };
  }
  const section = sections.find((x) => x.path === parts[0]);
  return { section, view: section?.view, params: {} };
}

function render() {
  current?.dispose?.();
  current = null;
  const target = route();
  if (!target.section) {
    const fallback = firstAllowed();
    if (fallback) {
      location.replace(`#/${fallback.path}`);
    } else {
      drawNav(null);
      replace(main, h('section', { class: 'panel' }, h('h1', {}, 'Nessuna sezione disponibile'),
        h('p', {}, 'La tua chiave non ha ruoli che diano accesso alla console.')));
    }
    return;
  }

  drawNav(target.section);
  if (!target.section.allowed()) {
    replace(main, h('section', { class: 'panel' }, h('h1', {}, 'Accesso non consentito'),
      h('p', { class: 'error-text' }, 'La tua chiave non ha il ruolo necessario per questa sezione.')));
    return;
  }

  current = target.view(context, target.params);
  replace(main, current.element);
  const heading = main.querySelector('h1');
  document.title = `${heading ? heading.textContent : target.section.label} · Console dell'ufficio stampa · Città di Vimercate`;
}

function signInView(message) {
  nav.hidden = true;
  account.hidden = true;
  const error = h('p', { id: 'key-error', class: 'field-error', role: 'alert' }, message ?? '');
  const input = h('input', {
    id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'current-password', required: true,
    'aria-describedby': 'key-help key-error', 'aria-invalid': message ? 'true' : null,
  });
  const button = h('button', { type: 'submit', class: 'button button-primary' }, 'Accedi');
  const form = h('form', { class: 'panel sign-in', novalidate: true },
    h('h1', {}, 'Accedi alla console'),
    h('p', {}, 'La console dell’ufficio stampa invia le comunicazioni del Comune agli iscritti al servizio WhatsApp.'),
    h('div', { class: 'field' },
      h('label', { for: 'api-key' }, 'Chiave API dell’ufficio stampa'),
      input,
      h('p', { id: 'key-help', class: 'hint' }, 'La chiave resta in questa scheda del browser e si cancella quando la chiudi.'),
      error),
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      error.textContent = 'Inserisci la chiave API.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Accesso in corso…';
    try {
      await signIn(key);
    } catch (failure) {
      button.disabled = false;
      button.textContent = 'Accedi';
      error.textContent = failure instanceof ApiError && failure.status === 401
        ? 'Chiave non valida: controlla di averla copiata per intero.'
        : explain(failure).general;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
  replace(main, form);
  document.title = "Accedi · Console dell'ufficio stampa · Città di Vimercate";
  input.focus();
}

async function signIn(key) {
  const me = await api('/api/me', { key });
  session.key = key;
  context.me = me;
  context.limits = context.canCompose ? await api('/api/campaigns/limits') : null;
  if (context.limits) {
    useTimeZone(context.limits.timeZone);
  }
  context.announce(`Accesso eseguito come ${me.name}.`);
  render();
}

function signOut(message) {
  current?.dispose?.();
  current = null;
  session.clear();
  context.me = null;
  context.limits = null;
  history.replaceState(null, '', location.pathname);
  signInView(message);
}

whenUnauthorized(() => {
  if (context.me) {
    signOut('La chiave non è più valida: accedi di nuovo.');
  }
});
whenStorageChanges((available) => {
  document.getElementById('storage-notice').hidden = available;
});
document.getElementById('sign-out').addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => {
  if (context.me) {
    render();
    main.focus({ preventScroll: true });
  }
});

if (session.key) {
  signIn(session.key).catch((failure) => signOut(failure instanceof ApiError && failure.status === 401
    ? 'La chiave non è più valida: accedi di nuovo.'
    : explain(failure).general));
} else {
  signInView();
}
