package io.wshub.benchmarks.load;

/** One client connection of the load tool, whatever stack implements it. Thread-safe. */
interface WsConnection {

  /** Queues a text frame; never blocks on a slow socket (unsent bytes wait in memory). */
  void sendText(String text);

  /** Drops the connection at once, without a closing handshake (see {@link NioConnection#abort}). */
  void abort();
}
