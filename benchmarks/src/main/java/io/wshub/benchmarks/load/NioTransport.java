package io.wshub.benchmarks.load;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load tool's own client stack: a few selector threads, frames parsed in place, writes
 * straight from the sending thread. Chosen over the Jetty WebSocket client because the tool
 * must cost clearly less CPU than the server it measures, on the same two cores: this stack
 * costs a few system calls per message and nothing else (no per-frame callbacks, futures or
 * thread hand-offs, no 32 KB of buffers per idle connection), and its cost shows in every
 * result row next to the server's.
 */
final class NioTransport implements WsTransport {

  private final IoLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  NioTransport(int threads) {
    loops = new IoLoop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new IoLoop("load-io-" + i);
    }
  }

  @Override
  public CompletableFuture<WsConnection> connect(URI uri, WsListener listener) {
    IoLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    return NioConnection.open(loop, uri, listener);
  }

  @Override
  public void close() {
    for (IoLoop loop : loops) {
      loop.stop();
    }
  }
}
