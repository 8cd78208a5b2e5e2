package io.wshub.jakarta;

/**
 * What the handshake decided for one connection, handed from the configurator to the endpoint
 * through the session's user properties (a per-connection copy since WebSocket 2.1).
 */
sealed interface Verdict<Id> {

  /** The user-properties key; a string nobody else uses. */
  String KEY = "io.wshub.jakarta.verdict";

  /** Accepted as {@code id}. */
  record Accepted<Id>(Id id) implements Verdict<Id> {}

  /** Rejected; {@code reason} goes into the 1008 close frame, so it never holds a token. */
  record Rejected<Id>(String reason) implements Verdict<Id> {}
}
