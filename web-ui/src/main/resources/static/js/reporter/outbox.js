// The outbox: every report, correction and retraction is stored in IndexedDB before anything is
// sent, with its idempotency key made on the device (reportId, correctionId), and sent in order
// until the server answers. A transient failure (no signal, timeout, 429, 5xx) is retried with
// exponential back-off; a refusal (400, 404, 409…) is kept as "rejected" with the server's field
// errors. Resending the same body is safe: the server answers a repeat with the first answer.
// Reports waiting one after the other (a phone catching up after a march) go as one batch
// (POST …/report-batches), each answered as its own call would be.

import { openDB } from '/webjars/idb/build/index.js';
import { commandUrl, exchange } from '../api.js';
import { t } from '../i18n.js';
import { describeProblem } from '../problems.js';

export const State = Object.freeze({ QUEUED: 'queued', SENDING: 'sending', SENT: 'sent', REJECTED: 'rejected' });

const DB_NAME = 'standstill-reporter';
const STORE = 'outbox';
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;
const KEEP_SENT_MS = 7 * 24 * 3600 * 1000;
const KEEP_SENT_COUNT = 200;
const CHANNEL = 'standstill-outbox';
const MAX_BATCH = 100;

/** Back-off after `failures` transient failures in a row, with ±20% jitter; at least Retry-After. */
export function backoff(failures, retryAfterSeconds = null, random = Math.random) {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return retryAfterSeconds ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
}

/**
 * The reports at the head of the queue, of one day, up to `max`: they can go as one batch, since nothing
 * waiting before them depends on them (a correction or retraction waits behind its report).
 */
export function leadingReports(waiting, max = MAX_BATCH) {
  const run = [];
  for (const item of waiting) {
    if (item.type !== 'report' || item.dayId !== waiting[0].dayId || run.length === max) break;
    run.push(item);
  }
  return run;
}

/**
 * @param {{getSession: () => ({token, reporterId, dayId}|null), onChange: () => void,
 *          onAuthRefused: (message: string) => void, onSent: (item) => void, onRejected: (item) => void}} hooks
 */
export async function openOutbox(hooks) {
  const db = await openDB(DB_NAME, 1, {
    upgrade(database) {
      const store = database.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('order', 'order');
    },
  });
  const outbox = new Outbox(db, hooks);
  await outbox.prune();
  return outbox;
}

class Outbox {
  #db;
  #hooks;
  #flushing = false;
  #again = false;
  #timer = null;
  #failures = 0;
  #retryAt = 0;
  #authRefused = false;
  #retryAsked = false;
  #counter = 0;
  #batches = true;
  #channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  constructor(db, hooks) {
    this.#db = db;
    this.#hooks = hooks;
    // Another tab changed the outbox: show it here too.
    if (this.#channel) this.#channel.onmessage = () => hooks.onChange();
  }

  /** When the next automatic try is due (ms since the epoch), or 0. */
  get retryAt() {
    return this.#retryAt;
  }

  get authRefused() {
    return this.#authRefused;
  }

  /** Every entry, oldest first. */
  async all() {
    return this.#db.getAllFromIndex(STORE, 'order');
  }

  /**
   * Stores a new entry and starts sending.
   * @param {{id: string, type: 'report'|'correction'|'retraction', dayId: string, reportId: string,
   *          path: string, body: object, summary: object}} entry
   */
  async add(entry) {
    const now = Date.now();
    const item = {
      ...entry,
      order: now * 1000 + (this.#counter++ % 1000),
      createdAt: new Date(now).toISOString(),
      state: State.QUEUED,
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      errors: [],
      answer: null,
      sentAt: null,
    };
    await this.#db.put(STORE, item);
    this.#changed();
    this.flush();
    return item;
  }

  async remove(id) {
    await this.#db.delete(STORE, id);
    this.#changed();
  }

  /** Removes everything (when the reporter leaves). */
  async clear() {
    await this.#db.clear(STORE);
    this.#changed();
  }

  /** Forgets sent entries older than a week, and all but the latest sent ones. */
  async prune() {
    const items = await this.all();
    const sent = items.filter((i) => i.state === State.SENT);
    const cutoff = Date.now() - KEEP_SENT_MS;
    const old = sent.filter((i, index) => Date.parse(i.sentAt) < cutoff || index < sent.length - KEEP_SENT_COUNT);
    for (const item of old) await this.#db.delete(STORE, item.id);
  }

  /** Tries again at once: the signal came back, the reporter asked, or the page was reopened. */
  retryNow() {
    this.#failures = 0;
    this.#retryAt = 0;
    this.#authRefused = false;
    // A try still in flight may fail after this (it left before the signal came back): its back-off
    // must not stand in the way of the try asked for now.
    this.#retryAsked = true;
    this.flush();
  }

  /** Sends whatever is due, in order; safe to call at any time and from any tab. */
  async flush() {
    if (this.#flushing) {
      this.#again = true;
      return;
    }
    this.#flushing = true;
    clearTimeout(this.#timer);
    this.#timer = null;
    try {
      const run = async () => {
        do {
          this.#again = false;
          await this.#sendDue();
        } while (this.#again);
      };
      // One tab at a time sends (a second one would only send repeats, which are harmless anyway).
      if (navigator.locks?.request) {
        await navigator.locks.request(CHANNEL, { ifAvailable: true }, async (lock) => {
          if (lock) await run();
          else this.#schedule(2000);
        });
      } else {
        await run();
      }
    } catch (error) {
      console.warn('Outbox', error);
      this.#schedule(backoff(++this.#failures));
    } finally {
      this.#flushing = false;
    }
  }

  async #sendDue() {
    for (;;) {
      const session = this.#hooks.getSession();
      if (!session || this.#authRefused) return;
      const waiting = (await this.all()).filter((i) => i.state === State.QUEUED || i.state === State.SENDING);
      const next = waiting[0];
      if (!next) {
        this.#failures = 0;
        this.#retryAt = 0;
        this.#retryAsked = false;
        return;
      }
      if (this.#retryAsked) {
        this.#retryAsked = false;
        this.#retryAt = 0;
      }
      const wait = this.#retryAt - Date.now();
      if (wait > 0) {
        this.#schedule(wait);
        return;
      }
      const run = this.#batches ? leadingReports(waiting) : [next];
      const outcome = run.length > 1 ? await this.#sendBatch(run, session) : await this.#send(next, session);
      if (outcome !== 'done') return;
    }
  }

  #schedule(ms) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), Math.max(0, ms));
  }

  async #update(id, changes) {
    const item = await this.#db.get(STORE, id);
    if (!item) return null;
    const updated = { ...item, ...changes };
    await this.#db.put(STORE, updated);
    this.#changed();
    return updated;
  }

  /** One try; answers 'done' (sent or rejected: go on), 'retry' (back off) or 'stop'. */
  async #send(item, session) {
    await this.#update(item.id, { state: State.SENDING, attempts: item.attempts + 1, lastTriedAt: new Date().toISOString() });
    let answer;
    try {
      answer = await exchange(await commandUrl(item.path), { method: 'POST', token: session.token, body: item.body });
    } catch (error) {
      return this.#transient(item, error?.message || t('api.unreachable'), null, null);
    }
    const problem = answer.body && typeof answer.body === 'object' ? answer.body : null;
    const detail = describeProblem(answer);
    if (answer.status === 401) {
      this.#authRefused = true;
      await this.#update(item.id, { state: State.QUEUED, lastError: detail, problem, status: answer.status });
      this.#hooks.onAuthRefused?.(detail);
      return 'stop';
    }
    if (answer.status === 408 || answer.status === 429 || answer.status >= 500) {
      return this.#transient(item, detail, answer.retryAfter, problem, answer.status);
    }
    if (answer.ok) {
      this.#failures = 0;
      this.#retryAt = 0;
    }
    await this.#answered(item, answer);
    return 'done';
  }

  /** An entry the server has answered for good: sent, or refused with its reasons. */
  async #answered(item, answer) {
    const problem = answer.body && typeof answer.body === 'object' ? answer.body : null;
    const detail = describeProblem(answer);
    if (answer.ok) {
      const sent = await this.#update(item.id, {
        state: State.SENT, answer: answer.body, status: answer.status, sentAt: new Date().toISOString(),
        lastError: null, problem: null, errorKey: null, errors: [],
      });
      this.#hooks.onSent?.(sent);
      return;
    }
    if (answer.status === 409 && item.type === 'retraction' && problem?.type === '/problems/report-retracted') {
      // A repeat of a retraction whose first answer was lost: it is retracted, which is what we wanted.
      await this.#update(item.id, { state: State.SENT, status: 409, sentAt: new Date().toISOString(), lastError: null });
      return;
    }
    await this.#reject(item, answer.status, detail, Array.isArray(problem?.errors) ? problem.errors : [], problem);
  }

  /** One try of several reports in one batch; answers as #send does. */
  async #sendBatch(items, session) {
    const triedAt = new Date().toISOString();
    for (const item of items) {
      await this.#update(item.id, { state: State.SENDING, attempts: item.attempts + 1, lastTriedAt: triedAt });
    }
    const path = `/api/days/${encodeURIComponent(items[0].dayId)}/report-batches`;
    let answer;
    try {
      answer = await exchange(await commandUrl(path), {
        method: 'POST', token: session.token, body: { reports: items.map((i) => i.body) },
      });
    } catch (error) {
      return this.#transient(items, error?.message || t('api.unreachable'), null, null);
    }
    const results = answer.ok && Array.isArray(answer.body?.results) ? answer.body.results : null;
    if (results?.length === items.length) {
      this.#failures = 0;
      this.#retryAt = 0;
      for (let i = 0; i < items.length; i++) {
        await this.#answered(items[i], { ok: results[i].status < 300, status: results[i].status,
          body: results[i].status < 300 ? { reportId: results[i].reportId, subjectId: results[i].subjectId,
            position: results[i].position } : results[i].problem });
      }
      return 'done';
    }
    const problem = answer.body && typeof answer.body === 'object' ? answer.body : null;
    const detail = describeProblem(answer);
    if (answer.status === 401) {
      this.#authRefused = true;
      for (const item of items) {
        await this.#update(item.id, { state: State.QUEUED, lastError: detail, problem, status: answer.status });
      }
      this.#hooks.onAuthRefused?.(detail);
      return 'stop';
    }
    if (answer.status === 408 || answer.status === 429 || answer.status >= 500) {
      return this.#transient(items, detail, answer.retryAfter, problem, answer.status);
    }
    // A server that takes no batches (or not this one): each report goes on its own, as before.
    this.#batches = false;
    for (const item of items) await this.#update(item.id, { state: State.QUEUED });
    return 'done';
  }

  async #transient(items, message, retryAfter = null, problem = null, status = null) {
    this.#failures += 1;
    this.#retryAt = Date.now() + backoff(this.#failures, retryAfter);
    for (const item of [items].flat()) {
      await this.#update(item.id, { state: State.QUEUED, lastError: message, problem, status, nextAttemptAt: this.#retryAt });
    }
    this.#schedule(this.#retryAt - Date.now());
    return 'retry';
  }

  /** Keeps the server's reasons; what depended on a refused report cannot be sent either. */
  async #reject(item, status, detail, errors, problem = null) {
    const rejected = await this.#update(item.id, { state: State.REJECTED, status, lastError: detail, problem, errors });
    this.#hooks.onRejected?.(rejected);
    if (item.type !== 'report') return;
    const dependants = (await this.all()).filter((i) => i.reportId === item.reportId && i.id !== item.id
      && (i.state === State.QUEUED || i.state === State.SENDING));
    for (const dependant of dependants) {
      await this.#update(dependant.id, { state: State.REJECTED, status, lastError: t('reporter.refusal.dependant'), errorKey: 'reporter.refusal.dependant', problem: null, errors: [] });
    }
  }

  #changed() {
    this.#hooks.onChange();
    this.#channel?.postMessage('changed');
  }
}
