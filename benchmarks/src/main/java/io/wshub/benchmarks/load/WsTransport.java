package io.wshub.benchmarks.load;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** A client stack that opens WebSocket connections. */
interface WsTransport extends AutoCloseable {

  /** Opens {@code uri}; the future completes once the upgrade succeeded. */
  CompletableFuture<WsConnection> connect(URI uri, WsListener listener);

  @Override
  void close();
}
