// wshub.js: a browser client for a wshub hub, protocol v1 with rooms and presence.
// An ES module with no dependencies and no build step: copy it next to your page, or serve it
// from the hub (the example chat-server serves it at /wshub.js), and
//
//   import { connect } from './wshub.js';
//   const hub = connect(7);                       // ws/7 relative to the page
//   hub.on('message', (m) => console.log(m.sender, m.content));
//   const delivered = await hub.send(2, 'hi');    // true: "success send", false: "not online"
//
// Ids are 1 to 9223372036854775807 (the hub's default long ids), more than a JavaScript number
// holds exactly: this module takes them as strings, bigints or safe numbers and gives them out
// as decimal strings.

/** Message types of protocol v1 and its rooms extension. */
export const Type = Object.freeze({
  CONNECT: 0, SEND: 1, SYSTEM: 2, BROADCAST: 3, CLOSE: 4, JOIN: 5, LEAVE: 6, ROOM: 7, PRESENCE: 8,
});

/** What the close codes a hub uses mean, in words a page can show. */
export const CLOSE_REASONS = Object.freeze({
  1000: 'closed',
  1001: 'the server went away',
  1006: 'the connection was lost',
  1008: 'the server refused this connection',
  1009: 'a message was too large',
  1011: 'the server had an error',
  1013: 'the connection was too slow',
  4000: 'this id connected somewhere else',
});

/**
 * Closes after which reconnecting would only repeat the problem: a CLOSE we sent (1000), a
 * refusal (1008), or a newer connection with our id somewhere else (4000).
 */
export const FINAL_CLOSES = Object.freeze([1000, 1008, 4000]);

const MAX_ID = 9223372036854775807n;
const ROOM_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * @typedef {object} Options
 * @property {string|URL} [base] where the hub's `ws/{id}` is relative to; default the page's
 *   address (so a WAR's context path is kept). `http(s):` becomes `ws(s):`.
 * @property {boolean} [reconnect=true] reconnect with backoff after a close that is not final
 * @property {number} [minDelay=500] first reconnect delay, ms (doubling, at most maxDelay, with jitter)
 * @property {number} [maxDelay=30000] longest reconnect delay, ms
 * @property {number} [maxFrameBytes=512] the hub's frame limit: a larger frame is refused here
 *   instead of the hub closing the connection with 1009 (the example chat's hub takes 4096)
 * @property {number} [timeout=10000] ms after which a request with no answer (a receipt, members,
 *   online) is rejected; 0: never. A frame over a rate limit, for one, gets no answer.
 */

/**
 * A message from the hub, as parsed: `sender` and `receiver` as decimal strings.
 * @typedef {object} Message
 * @property {number} type see {@link Type}
 * @property {string} [sender]
 * @property {string} [receiver]
 * @property {string} [room]
 * @property {string} [content]
 * @property {string[]} [members]
 * @property {string} raw the frame's text
 */

/**
 * Someone (or we, `self`) joined or left a room.
 * @typedef {object} PresenceEvent
 * @property {string} id
 * @property {string} room
 * @property {boolean} joined true: joined, false: left
 * @property {boolean} self whether it is this client's own join or leave
 */

/**
 * The connection closed.
 * @typedef {object} CloseEvent
 * @property {number} code the WebSocket close code (1006: lost without a close frame)
 * @property {string} reason the server's reason text, often empty
 * @property {string} description the code in words, e.g. "this id connected somewhere else (4000)"
 * @property {boolean} final whether the client gave up: a final code, `close()`, or no reconnect
 * @property {number} [retryIn] ms until the next attempt, when not final
 */

/**
 * @typedef {{open: {id: string, attempt: number}, connecting: {id: string, attempt: number},
 *   message: Message, presence: PresenceEvent, close: CloseEvent, error: {message: string},
 *   system: Message}} Events
 */

/**
 * An id as protocol v1 has it (1 to 2^63-1), in canonical decimal, or null.
 * @param {string|number|bigint} id
 * @returns {string|null}
 */
export function parseId(id) {
  if (typeof id === 'number') {
    if (!Number.isSafeInteger(id)) return null;
    id = String(id);
  }
  const t = String(id).trim();
  if (!/^[0-9]{1,19}$/.test(t)) return null;
  const n = BigInt(t);
  return n >= 1n && n <= MAX_ID ? n.toString() : null;
}

/**
 * Whether `name` is a valid room name: 1 to 64 ASCII letters, digits or `_ . : -`.
 * @param {string} name
 */
export function isRoomName(name) {
  return typeof name === 'string' && ROOM_NAME.test(name);
}

/**
 * Parses a frame, keeping ids whole: they are read as strings. Inside a JSON string every quote is
 * escaped, so the rewriting cannot match text in "content".
 * @param {string} text
 * @returns {Message}
 */
export function parseFrame(text) {
  const message = JSON.parse(text
      .replace(/"(sender|receiver)"(\s*):(\s*)(-?\d+)/g, '"$1"$2:$3"$4"')
      .replace(/"members"(\s*):(\s*)\[([^\]]*)\]/g,
          (all, a, b, list) => '"members"' + a + ':' + b + '[' + list.replace(/-?\d+/g, '"$&"') + ']'));
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new SyntaxError('not a JSON object');
  }
  message.raw = text;
  return message;
}

/**
 * The words for a close code, with the code (and the server's reason, if any).
 * @param {number} code
 * @param {string} [reason]
 * @returns {string}
 */
export function describeClose(code, reason) {
  return (CLOSE_REASONS[code] || 'closed') + ' (' + code + (reason ? ': ' + reason : '') + ')';
}

/**
 * Connects to the hub as `id` (and keeps reconnecting, see {@link Options}).
 * @param {string|number|bigint} id
 * @param {Options} [options]
 * @returns {WshubClient}
 */
export function connect(id, options) {
  return new WshubClient(id, options);
}

/** A connection to a wshub hub under one id, reconnecting until closed. */
export class WshubClient {
  /**
   * Starts connecting at once.
   * @param {string|number|bigint} id
   * @param {Options} [options]
   */
  constructor(id, options = {}) {
    const own = parseId(id);
    if (own === null) throw new RangeError('an id is a whole number from 1 to 9223372036854775807, not ' + id);
    /** This client's id, in decimal. @readonly */
    this.id = own;
    /** The options given, with the defaults for those left out. @readonly */
    this.options = {
      base: typeof location === 'undefined' ? undefined : location.href,
      reconnect: true, minDelay: 500, maxDelay: 30000, maxFrameBytes: 512, timeout: 10000, ...options,
    };
    /** Where the connection stands; `waiting`: for the next reconnect. @type {'connecting'|'open'|'waiting'|'closed'} */
    this.state = 'connecting';
    /** @private @type {WebSocket|null} */
    this.socket = null;
    /** @private @type {Map<string, Set<Function>>} */
    this.listeners = new Map();
    /** @private */
    this.wanted = true;          // false after close() or a final close code
    /** @private */
    this.attempt = 0;            // failed attempts since the last open, for the backoff
    /** @private @type {ReturnType<typeof setTimeout>|null} */
    this.retryTimer = null;
    /** The rooms this client asked to be in, joined again on every new connection. @readonly @type {Set<string>} */
    this.rooms = new Set();
    // Requests waiting for the hub's answer, oldest first. The hub answers one connection's
    // frames in order, so answers are matched in order: per receiver (receipts and "online"),
    // per room (joined, left, members).
    /** @private @type {Map<string, Array<Pending>>} */ this.byReceiver = new Map();
    /** @private @type {Map<string, Array<Pending>>} */ this.byRoom = new Map();
    /** @private @type {Array<{resolve: () => void, reject: (error: Error) => void}>} */
    this.openWaiters = [];
    this.connectNow();
  }

  /**
   * Listens to an event; returns a function that stops listening.
   * @template {keyof Events} K
   * @param {K} type
   * @param {(event: Events[K]) => void} fn
   * @returns {() => void}
   */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.off(type, fn);
  }

  /**
   * Stops `fn` listening to `type`.
   * @template {keyof Events} K
   * @param {K} type
   * @param {(event: Events[K]) => void} fn
   */
  off(type, fn) {
    const set = this.listeners.get(type);
    if (set) set.delete(fn);
  }

  /** Whether the connection is open now. */
  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN && this.state === 'open';
  }

  /**
   * Resolves when the connection is (next) open; rejects if the client gives up first.
   * @returns {Promise<void>}
   */
  whenOpen() {
    if (this.open) return Promise.resolve();
    if (!this.wanted) return Promise.reject(new Error('closed'));
    return new Promise((resolve, reject) => this.openWaiters.push({ resolve, reject }));
  }

  /**
   * Sends `content` to `to`. Resolves true when the hub accepted it for the receiver ("success
   * send"), false when the receiver is not online ("not online"); rejects when not connected, the
   * frame is too large, the connection closes first, or no receipt comes within the timeout.
   * @param {string|number|bigint} to
   * @param {string} content
   * @returns {Promise<boolean>}
   */
  send(to, content) {
    const receiver = parseId(to);
    if (receiver === null) return Promise.reject(new RangeError('not an id: ' + to));
    // Written by hand: the receiver may exceed what a JavaScript number holds exactly.
    return this.request('{"type":' + Type.SEND + ',"receiver":' + receiver + ',"content":' + JSON.stringify(String(content)) + '}',
        this.byReceiver, receiver, 'receipt');
  }

  /**
   * Sends `content` to every connected client, this one included (it comes back as a message).
   * No receipt. Throws when not connected or the frame is too large.
   * @param {string} content
   */
  broadcast(content) {
    this.write('{"type":' + Type.BROADCAST + ',"content":' + JSON.stringify(String(content)) + '}');
  }

  /**
   * Joins `room`; resolves when the hub says "joined". The room is joined again after a reconnect.
   * @param {string} room
   * @returns {Promise<void>}
   */
  join(room) {
    if (!isRoomName(room)) return Promise.reject(new RangeError('a room name is 1 to 64 letters, digits or _ . : -'));
    const answer = this.request(JSON.stringify({ type: Type.JOIN, room }), this.byRoom, room, 'joined');
    if (this.open) this.rooms.add(room); // not connected: rejected, and not remembered either
    return answer.then(() => undefined);
  }

  /**
   * Leaves `room`; resolves when the hub says "left" (at once when this client is not in it).
   * @param {string} room
   * @returns {Promise<void>}
   */
  leave(room) {
    if (!this.rooms.delete(room)) return Promise.resolve();
    if (!this.open) return Promise.resolve(); // a new connection starts in no room
    return this.request(JSON.stringify({ type: Type.LEAVE, room }), this.byRoom, room, 'left').then(() => undefined);
  }

  /**
   * Sends `content` to every connection in `room`, this one included. No receipt. Throws when not
   * connected, not in the room, or the frame is too large.
   * @param {string} room
   * @param {string} content
   */
  sendToRoom(room, content) {
    if (!this.rooms.has(room)) throw new Error('not in room ' + room + ': join it first');
    this.write(JSON.stringify({ type: Type.ROOM, room, content: String(content) }));
  }

  /**
   * The ids in `room`, ascending as the hub orders them (only a member may ask).
   * @param {string} room
   * @returns {Promise<string[]>}
   */
  members(room) {
    if (!this.rooms.has(room)) return Promise.reject(new Error('not in room ' + room + ': join it first'));
    return this.request(JSON.stringify({ type: Type.PRESENCE, room }), this.byRoom, room, 'members');
  }

  /**
   * Whether `id` is online now (on any node of a cluster).
   * @param {string|number|bigint} id
   * @returns {Promise<boolean>}
   */
  isOnline(id) {
    const receiver = parseId(id);
    if (receiver === null) return Promise.reject(new RangeError('not an id: ' + id));
    return this.request('{"type":' + Type.PRESENCE + ',"receiver":' + receiver + '}', this.byReceiver, receiver, 'online');
  }

  /**
   * Closes for good: asks the hub to close (CLOSE, answered with 1000) and closes the socket
   * itself if the hub has not within 2 s. No reconnect; pending requests are rejected.
   */
  close() {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    const ws = this.socket;
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: Type.CLOSE }));
      setTimeout(() => ws.close(), 2000);
    } else if (ws) {
      ws.close();
    } else if (this.state !== 'closed') {
      this.state = 'closed';
      this.failAll(new Error('closed'));
      this.emit('close', { code: 1000, reason: '', description: describeClose(1000), final: true });
    }
  }

  // ----- internals -----

  /** @private */
  emit(type, event) {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(event);
      } catch (e) {
        setTimeout(() => { throw e; }); // a listener's bug must not break the client
      }
    }
  }

  /** @private */
  url() {
    const url = new URL('ws/' + this.id, this.options.base);
    if (url.protocol === 'https:') url.protocol = 'wss:';
    else if (url.protocol === 'http:') url.protocol = 'ws:';
    return url.href;
  }

  /** @private */
  connectNow() {
    clearTimeout(this.retryTimer);
    this.state = 'connecting';
    const ws = new WebSocket(this.url());
    this.socket = ws;
    this.emit('connecting', { id: this.id, attempt: this.attempt });
    // Events of a socket we have already given up on are ignored.
    ws.onopen = () => {
      if (this.socket !== ws) return;
      const attempt = this.attempt;
      this.attempt = 0;
      this.state = 'open';
      // Rooms belong to a connection: a new one joins the rooms we were in again.
      for (const room of this.rooms) ws.send(JSON.stringify({ type: Type.JOIN, room }));
      this.openWaiters.splice(0).forEach((w) => w.resolve());
      this.emit('open', { id: this.id, attempt });
    };
    ws.onmessage = (event) => { if (this.socket === ws) this.receive(String(event.data)); };
    // onerror says nothing useful (browsers hide the cause); onclose follows it and has the code.
    ws.onclose = (event) => { if (this.socket === ws) this.closed(event.code, event.reason); };
  }

  /** @private */
  closed(code, reason) {
    this.socket = null;
    const description = describeClose(code, reason);
    this.failAll(new Error('disconnected: ' + description));
    if (this.wanted && this.options.reconnect && !FINAL_CLOSES.includes(code)) {
      // Exponential backoff with jitter, so a restarted server is not hit by everyone at once.
      const o = this.options;
      const delay = Math.min(o.maxDelay, o.minDelay * 2 ** Math.min(this.attempt, 16)) * (0.5 + Math.random() / 2);
      this.attempt++;
      this.state = 'waiting';
      this.retryTimer = setTimeout(() => this.connectNow(), delay);
      this.emit('close', { code, reason, description, final: false, retryIn: delay });
    } else {
      this.wanted = false;
      this.state = 'closed';
      this.openWaiters.splice(0).forEach((w) => w.reject(new Error('closed: ' + description)));
      this.emit('close', { code, reason, description, final: true });
    }
  }

  /** @private */
  write(frame) {
    if (!this.open) throw new Error('not connected');
    const max = this.options.maxFrameBytes;
    if (max && new TextEncoder().encode(frame).length > max) {
      throw new RangeError('message too large: the hub takes frames of up to ' + max + ' bytes');
    }
    this.socket.send(frame);
  }

  /**
   * Writes `frame` and queues a request for its answer under `key` in `queues`.
   * @private
   */
  request(frame, queues, key, kind) {
    return new Promise((resolve, reject) => {
      try {
        this.write(frame);
      } catch (e) {
        reject(e);
        return;
      }
      /** @type {Pending} */
      const pending = { kind, resolve, reject, timer: null };
      if (this.options.timeout > 0) {
        pending.timer = setTimeout(() => {
          remove(queues.get(key), pending);
          reject(new Error('no answer from the hub within ' + this.options.timeout + ' ms'));
        }, this.options.timeout);
      }
      if (!queues.has(key)) queues.set(key, []);
      queues.get(key).push(pending);
    });
  }

  /**
   * The oldest request under `key` that `accepts` takes, removed; prefers the very oldest.
   * @private
   */
  settle(queues, key, accepts) {
    const list = queues.get(key);
    if (!list) return null;
    const i = list.findIndex((p) => accepts.includes(p.kind));
    if (i < 0) return null;
    const [pending] = list.splice(i, 1);
    if (list.length === 0) queues.delete(key);
    clearTimeout(pending.timer);
    return pending;
  }

  /** @private */
  failAll(error) {
    for (const queues of [this.byReceiver, this.byRoom]) {
      for (const list of queues.values()) {
        list.forEach((p) => { clearTimeout(p.timer); p.reject(error); });
      }
      queues.clear();
    }
  }

  /** @private */
  receive(data) {
    let message;
    try {
      message = parseFrame(data);
    } catch (e) {
      this.emit('error', { message: 'unreadable frame from the hub: ' + data });
      return;
    }
    if (message.type !== Type.SYSTEM) {
      this.emit('message', message);
      return;
    }
    const text = message.content == null ? '' : String(message.content);
    const receiver = message.receiver == null ? null : String(message.receiver);
    if (message.room != null && (text === 'joined' || text === 'left')) {
      const self = receiver === this.id;
      if (self) {
        const p = this.settle(this.byRoom, message.room, [text]);
        if (p) p.resolve(undefined);
        // A join the server made for us is a room to keep too.
        if (text === 'joined') this.rooms.add(message.room);
        else if (!p) this.rooms.delete(message.room);
      }
      this.emit('presence', { id: receiver, room: message.room, joined: text === 'joined', self });
    } else if (message.room != null && text === 'members') {
      const p = this.settle(this.byRoom, message.room, ['members']);
      if (p) p.resolve((message.members || []).map(String));
      else this.emit('system', message);
    } else if (receiver !== null && (text === 'success send' || text === 'not online' || text === 'online')) {
      // "not online" answers a SEND and a PRESENCE alike: the oldest request for that id takes it.
      const kinds = text === 'success send' ? ['receipt'] : text === 'online' ? ['online'] : ['receipt', 'online'];
      const p = this.settle(this.byReceiver, receiver, kinds);
      if (p) p.resolve(text !== 'not online');
      else this.emit('system', message);
    } else if (text.startsWith('error')) {
      this.emit('error', { message: text });
    } else {
      this.emit('system', message);
    }
  }
}

/**
 * @typedef {object} Pending
 * @property {string} kind
 * @property {(value: any) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {any} timer
 */

function remove(list, item) {
  if (!list) return;
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
