package io.wshub.jakarta;

import io.wshub.core.scenarios.ProtocolScenarios;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The protocol scenarios' transport over real sockets, for any server that serves a hub: the
 * JSR-356 containers, {@code hub-server}, a cluster of them. Real time passes by itself.
 */
public final class SocketTransport implements ProtocolScenarios.Transport {

  private final LongFunction<SocketPeer> connector;
  private final Runnable stop;
  private final List<SocketPeer> peers = new ArrayList<>();

  /**
   * @param connector connects a client as an id and returns once the hub has registered it
   * @param stop stops the server and the hub, after every client was dropped
   */
  public SocketTransport(LongFunction<SocketPeer> connector, Runnable stop) {
    this.connector = connector;
    this.stop = stop;
  }

  /** A transport whose clients connect to {@code uri.apply(id)} and are awaited in {@code events}. */
  public static SocketTransport at(HubEvents events, LongFunction<URI> uri, Runnable stop) {
    return new SocketTransport(id -> {
      WsClient client = WsClient.connect(uri.apply(id));
      events.awaitConnect(id);
      return new SocketPeer(client, id, events);
    }, stop);
  }

  @Override
  public ProtocolScenarios.Peer connect(long id) {
    SocketPeer peer = connector.apply(id);
    peers.add(peer);
    return peer;
  }

  @Override
  public void tick() {
    // Real time passes by itself.
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public void close() {
    peers.forEach(SocketPeer::drop);
    stop.run();
  }
}
