// A modal confirmation built on <dialog>: focus stays inside, Esc cancels.

import { h } from '../dom.js';

/** Shows a dialog and resolves true when the confirm button is chosen, false otherwise. */
export function confirmDialog({ id, title, body, confirmLabel, cancelLabel = 'Annulla', danger = false }) {
  return new Promise((resolve) => {
    const titleId = `${id}-title`;
    const confirm = h('button', { type: 'button', class: ['button', danger ? 'button-danger' : 'button-primary'], 'data-action': 'confirm' }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'button button-quiet', 'data-action': 'cancel' }, cancelLabel);
    const dialog = h('dialog', { id, class: ['dialog', danger ? 'dialog-danger' : null], 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('div', { class: 'dialog-body' }, body),
      h('div', { class: 'dialog-actions' }, cancel, confirm));

    let answer = false;
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
