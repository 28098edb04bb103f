// Server-sent events read with fetch(), so the API key travels in the X-Api-Key header (EventSource cannot send headers).

import { ApiError, STORAGE_UNAVAILABLE, reportStorage } from './api.js';

const RETRY_DELAYS = [1000, 2000, 5000, 10000];

function parseBlock(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      type = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  return data.length ? { type, data: data.join('\n') } : null;
}

/**
 * Follows a stream until close() is called.
 * onEvent(type, payload) gets every event but pings and the storage notices (unavailable, available: they go to reportStorage); onState('live' | 'reconnecting' | 'ended' | 'refused', detail) tells the connection's state.
 * reconnect() decides, when the server ends the stream, whether to open it again.
 */
export function follow(path, { key, onEvent, onState = () => {}, reconnect = () => true }) {
  const controller = new AbortController();
  let attempt = 0;
  let timer = null;

  async function connect() {
    let response;
    try {
      const headers = { Accept: 'text/event-stream' };
      if (key) {
        headers['X-Api-Key'] = key;
      }
      response = await fetch(path, { headers, signal: controller.signal, cache: 'no-store' });
    } catch (error) {
      if (!controller.signal.aborted) {
        retry();
      }
      return;
    }

    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch {
        problem = null;
      }
      if (response.status >= 400 && response.status < 500) {
        onState('refused', { status: response.status, problem });
      } else {
        if (new ApiError(response.status, problem).slug === STORAGE_UNAVAILABLE) {
          reportStorage(false);
        }
        retry();
      }
      return;
    }

    onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event) {
            attempt = 0;
            if (event.type === 'unavailable' || event.type === 'available') {
              reportStorage(event.type === 'available');
            } else if (event.type !== 'ping') {
              reportStorage(true);
              onEvent(event.type, JSON.parse(event.data));
            }
          }
        }
      }
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
    }

    if (controller.signal.aborted) {
      return;
    }
    if (reconnect()) {
      retry();
    } else {
      onState('ended');
    }
  }

  function retry() {
    onState('reconnecting');
    const delay = RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)];
    attempt += 1;
    timer = setTimeout(connect, delay);
  }

  connect();
  return {
    close() {
      clearTimeout(timer);
      controller.abort();
    },
  };
}
