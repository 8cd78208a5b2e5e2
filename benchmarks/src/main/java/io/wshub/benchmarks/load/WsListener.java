package io.wshub.benchmarks.load;

/** What a load client hears from its connection; called on the client stack's I/O thread. */
interface WsListener {

  /** A complete text message arrived. Must not block: it runs on a shared I/O thread. */
  void onText(WsConnection connection, String text);

  /** The connection ended, by a close frame ({@code code} from it) or a dropped socket (1006). */
  void onClose(WsConnection connection, int code);

  /** The server pinged (the connection answers by itself); only overload's idle probe counts these. */
  default void onPing(WsConnection connection) {}
}
