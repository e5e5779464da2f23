// Live updates: one STOMP-over-WebSocket connection to query-service (/ws), using the StompJs
// global from the @stomp/stompjs UMD bundle. A view "follows" a topic: on every (re)connect it
// subscribes, re-reads the REST snapshot, and only then applies the messages that arrived
// meanwhile; the view itself drops anything older than what it shows.

import { has, t } from './i18n.js';

export const Status = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  UNAVAILABLE: 'unavailable',
  STOPPED: 'stopped',
});

/** What the pages say about a status of the connection, in the page's language. */
export function statusText(status) {
  return has(`live.status.${status}`) ? t(`live.status.${status}`) : status;
}

export function brokerUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export class LiveConnection {
  #token;
  #onStatus;
  #onError;
  #client = null;
  #follows = new Set();

  /**
   * @param {{token: string, onStatus?: (status: string) => void, onError?: (message: string) => void}} options
   */
  constructor({ token, onStatus = () => {}, onError = () => {} }) {
    this.#token = token;
    this.#onStatus = onStatus;
    this.#onError = onError;
  }

  start() {
    const StompJs = globalThis.StompJs;
    if (!StompJs?.Client) {
      this.#onStatus(Status.UNAVAILABLE);
      return;
    }
    const client = new StompJs.Client({
      brokerURL: brokerUrl(),
      connectHeaders: { Authorization: `Bearer ${this.#token}` },
      reconnectDelay: 2000,
    });
    client.onConnect = () => {
      this.#onStatus(Status.CONNECTED);
      for (const follow of this.#follows) this.#attach(follow);
    };
    client.onWebSocketClose = () => {
      for (const follow of this.#follows) follow.subscription = null;
      if (client.active) this.#onStatus(Status.RECONNECTING);
    };
    client.onStompError = (frame) => {
      this.#onError(frame.headers?.message || t('live.error'));
    };
    this.#client = client;
    this.#onStatus(Status.CONNECTING);
    client.activate();
  }

  stop() {
    for (const follow of this.#follows) follow.stopped = true;
    this.#follows.clear();
    const client = this.#client;
    this.#client = null;
    if (client) client.deactivate();
    this.#onStatus(Status.STOPPED);
  }

  /**
   * Drops the connection and lets the client reconnect (and every view catch up): for when the page
   * knows the network went away, which a socket without heartbeats may not notice for minutes.
   */
  reconnect() {
    const client = this.#client;
    if (!client?.active) return;
    if (client.connected || client.webSocket) {
      this.#onStatus(Status.RECONNECTING);
      client.forceDisconnect();
    }
  }

  get connected() {
    return Boolean(this.#client?.connected);
  }

  /**
   * Follows a topic whose messages are full snapshots of a view.
   * @param {string} destination e.g. /topic/days/{dayId}/tally
   * @param {{load: () => Promise<any>, apply: (view: any, source: 'snapshot'|'live') => void,
   *          onLoadError?: (error: Error) => void}} handlers
   * @returns {{refresh: () => Promise<void>, stop: () => void}}
   */
  follow(destination, { load, apply, onLoadError = () => {} }) {
    const follow = {
      destination, load, apply, onLoadError,
      subscription: null, buffer: null, generation: 0, stopped: false,
    };
    this.#follows.add(follow);
    if (this.connected) this.#attach(follow);
    else this.#refresh(follow); // show the snapshot while the connection comes up
    return {
      refresh: () => this.#refresh(follow),
      stop: () => {
        follow.stopped = true;
        this.#follows.delete(follow);
        if (follow.subscription && this.connected) follow.subscription.unsubscribe();
        follow.subscription = null;
      },
    };
  }

  #attach(follow) {
    follow.subscription = this.#client.subscribe(follow.destination, (message) => {
      if (follow.stopped) return;
      let view;
      try {
        view = JSON.parse(message.body);
      } catch {
        return; // not ours to show
      }
      if (follow.buffer) follow.buffer.push(view);
      else follow.apply(view, 'live');
    });
    this.#refresh(follow);
  }

  /** Re-reads the snapshot, holding back live messages until it is shown. */
  async #refresh(follow) {
    const generation = ++follow.generation;
    follow.buffer ??= [];
    try {
      const snapshot = await follow.load();
      if (follow.stopped || generation !== follow.generation) return; // a newer refresh takes over
      follow.apply(snapshot, 'snapshot');
    } catch (error) {
      if (follow.stopped || generation !== follow.generation) return;
      follow.onLoadError(error);
    }
    const held = follow.buffer;
    follow.buffer = null;
    for (const view of held) follow.apply(view, 'live');
  }
}
