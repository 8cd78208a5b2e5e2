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
export function parseId(id: string | number | bigint): string | null;
/**
 * Whether `name` is a valid room name: 1 to 64 ASCII letters, digits or `_ . : -`.
 * @param {string} name
 */
export function isRoomName(name: string): boolean;
/**
 * Parses a frame, keeping ids whole: they are read as strings. Inside a JSON string every quote is
 * escaped, so the rewriting cannot match text in "content".
 * @param {string} text
 * @returns {Message}
 */
export function parseFrame(text: string): Message;
/**
 * The words for a close code, with the code (and the server's reason, if any).
 * @param {number} code
 * @param {string} [reason]
 * @returns {string}
 */
export function describeClose(code: number, reason?: string): string;
/**
 * Connects to the hub as `id` (and keeps reconnecting, see {@link Options}).
 * @param {string|number|bigint} id
 * @param {Options} [options]
 * @returns {WshubClient}
 */
export function connect(id: string | number | bigint, options?: Options): WshubClient;
/** Message types of protocol v1 and its rooms extension. */
export const Type: Readonly<{
    CONNECT: 0;
    SEND: 1;
    SYSTEM: 2;
    BROADCAST: 3;
    CLOSE: 4;
    JOIN: 5;
    LEAVE: 6;
    ROOM: 7;
    PRESENCE: 8;
}>;
/** What the close codes a hub uses mean, in words a page can show. */
export const CLOSE_REASONS: Readonly<{
    1000: "closed";
    1001: "the server went away";
    1006: "the connection was lost";
    1008: "the server refused this connection";
    1009: "a message was too large";
    1011: "the server had an error";
    1013: "the connection was too slow";
    4000: "this id connected somewhere else";
}>;
/**
 * Closes after which reconnecting would only repeat the problem: a CLOSE we sent (1000), a
 * refusal (1008), or a newer connection with our id somewhere else (4000).
 */
export const FINAL_CLOSES: readonly number[];
/** A connection to a wshub hub under one id, reconnecting until closed. */
export class WshubClient {
    /**
     * Starts connecting at once.
     * @param {string|number|bigint} id
     * @param {Options} [options]
     */
    constructor(id: string | number | bigint, options?: Options);
    /** This client's id, in decimal. @readonly */
    readonly id: string;
    /** The options given, with the defaults for those left out. @readonly */
    readonly options: {
        /**
         * where the hub's `ws/{id}` is relative to; default the page's
         * address (so a WAR's context path is kept). `http(s):` becomes `ws(s):`.
         */
        base: string | URL | undefined;
        /**
         * reconnect with backoff after a close that is not final
         */
        reconnect: boolean;
        /**
         * first reconnect delay, ms (doubling, at most maxDelay, with jitter)
         */
        minDelay: number;
        /**
         * longest reconnect delay, ms
         */
        maxDelay: number;
        /**
         * the hub's frame limit: a larger frame is refused here
         * instead of the hub closing the connection with 1009 (the example chat's hub takes 4096)
         */
        maxFrameBytes: number;
        /**
         * ms after which a request with no answer (a receipt, members,
         * online) is rejected; 0: never. A frame over a rate limit, for one, gets no answer.
         */
        timeout: number;
    };
    /** Where the connection stands; `waiting`: for the next reconnect. @type {'connecting'|'open'|'waiting'|'closed'} */
    state: "connecting" | "open" | "waiting" | "closed";
    /** @private @type {WebSocket|null} */
    private socket;
    /** @private @type {Map<string, Set<Function>>} */
    private listeners;
    /** @private */
    private wanted;
    /** @private */
    private attempt;
    /** @private @type {ReturnType<typeof setTimeout>|null} */
    private retryTimer;
    /** The rooms this client asked to be in, joined again on every new connection. @readonly @type {Set<string>} */
    readonly rooms: Set<string>;
    /** @private @type {Map<string, Array<Pending>>} */ private byReceiver;
    /** @private @type {Map<string, Array<Pending>>} */ private byRoom;
    /** @private @type {Array<{resolve: () => void, reject: (error: Error) => void}>} */
    private openWaiters;
    /**
     * Listens to an event; returns a function that stops listening.
     * @template {keyof Events} K
     * @param {K} type
     * @param {(event: Events[K]) => void} fn
     * @returns {() => void}
     */
    on<K extends keyof Events>(type: K, fn: (event: Events[K]) => void): () => void;
    /**
     * Stops `fn` listening to `type`.
     * @template {keyof Events} K
     * @param {K} type
     * @param {(event: Events[K]) => void} fn
     */
    off<K extends keyof Events>(type: K, fn: (event: Events[K]) => void): void;
    /** Whether the connection is open now. */
    get open(): boolean;
    /**
     * Resolves when the connection is (next) open; rejects if the client gives up first.
     * @returns {Promise<void>}
     */
    whenOpen(): Promise<void>;
    /**
     * Sends `content` to `to`. Resolves true when the hub accepted it for the receiver ("success
     * send"), false when the receiver is not online ("not online"); rejects when not connected, the
     * frame is too large, the connection closes first, or no receipt comes within the timeout.
     * @param {string|number|bigint} to
     * @param {string} content
     * @returns {Promise<boolean>}
     */
    send(to: string | number | bigint, content: string): Promise<boolean>;
    /**
     * Sends `content` to every connected client, this one included (it comes back as a message).
     * No receipt. Throws when not connected or the frame is too large.
     * @param {string} content
     */
    broadcast(content: string): void;
    /**
     * Joins `room`; resolves when the hub says "joined". The room is joined again after a reconnect.
     * @param {string} room
     * @returns {Promise<void>}
     */
    join(room: string): Promise<void>;
    /**
     * Leaves `room`; resolves when the hub says "left" (at once when this client is not in it).
     * @param {string} room
     * @returns {Promise<void>}
     */
    leave(room: string): Promise<void>;
    /**
     * Sends `content` to every connection in `room`, this one included. No receipt. Throws when not
     * connected, not in the room, or the frame is too large.
     * @param {string} room
     * @param {string} content
     */
    sendToRoom(room: string, content: string): void;
    /**
     * The ids in `room`, ascending as the hub orders them (only a member may ask).
     * @param {string} room
     * @returns {Promise<string[]>}
     */
    members(room: string): Promise<string[]>;
    /**
     * Whether `id` is online now (on any node of a cluster).
     * @param {string|number|bigint} id
     * @returns {Promise<boolean>}
     */
    isOnline(id: string | number | bigint): Promise<boolean>;
    /**
     * Closes for good: asks the hub to close (CLOSE, answered with 1000) and closes the socket
     * itself if the hub has not within 2 s. No reconnect; pending requests are rejected.
     */
    close(): void;
    /** @private */
    private emit;
    /** @private */
    private url;
    /** @private */
    private connectNow;
    /** @private */
    private closed;
    /** @private */
    private write;
    /**
     * Writes `frame` and queues a request for its answer under `key` in `queues`.
     * @private
     */
    private request;
    /**
     * The oldest request under `key` that `accepts` takes, removed; prefers the very oldest.
     * @private
     */
    private settle;
    /** @private */
    private failAll;
    /** @private */
    private receive;
}
export type Options = {
    /**
     * where the hub's `ws/{id}` is relative to; default the page's
     * address (so a WAR's context path is kept). `http(s):` becomes `ws(s):`.
     */
    base?: string | URL | undefined;
    /**
     * reconnect with backoff after a close that is not final
     */
    reconnect?: boolean | undefined;
    /**
     * first reconnect delay, ms (doubling, at most maxDelay, with jitter)
     */
    minDelay?: number | undefined;
    /**
     * longest reconnect delay, ms
     */
    maxDelay?: number | undefined;
    /**
     * the hub's frame limit: a larger frame is refused here
     * instead of the hub closing the connection with 1009 (the example chat's hub takes 4096)
     */
    maxFrameBytes?: number | undefined;
    /**
     * ms after which a request with no answer (a receipt, members,
     * online) is rejected; 0: never. A frame over a rate limit, for one, gets no answer.
     */
    timeout?: number | undefined;
};
/**
 * A message from the hub, as parsed: `sender` and `receiver` as decimal strings.
 */
export type Message = {
    /**
     * see {@link Type}
     */
    type: number;
    sender?: string | undefined;
    receiver?: string | undefined;
    room?: string | undefined;
    content?: string | undefined;
    members?: string[] | undefined;
    /**
     * the frame's text
     */
    raw: string;
};
/**
 * Someone (or we, `self`) joined or left a room.
 */
export type PresenceEvent = {
    id: string;
    room: string;
    /**
     * true: joined, false: left
     */
    joined: boolean;
    /**
     * whether it is this client's own join or leave
     */
    self: boolean;
};
/**
 * The connection closed.
 */
export type CloseEvent = {
    /**
     * the WebSocket close code (1006: lost without a close frame)
     */
    code: number;
    /**
     * the server's reason text, often empty
     */
    reason: string;
    /**
     * the code in words, e.g. "this id connected somewhere else (4000)"
     */
    description: string;
    /**
     * whether the client gave up: a final code, `close()`, or no reconnect
     */
    final: boolean;
    /**
     * ms until the next attempt, when not final
     */
    retryIn?: number | undefined;
};
export type Events = {
    open: {
        id: string;
        attempt: number;
    };
    connecting: {
        id: string;
        attempt: number;
    };
    message: Message;
    presence: PresenceEvent;
    close: CloseEvent;
    error: {
        message: string;
    };
    system: Message;
};
export type Pending = {
    kind: string;
    resolve: (value: any) => void;
    reject: (error: Error) => void;
    timer: any;
};
