package io.wshub.jakarta;

import io.wshub.core.scenarios.ProtocolScenarios;

/**
 * A protocol scenario's client over a real socket, for any server that serves a hub: the JSR-356
 * containers here, and {@code hub-server}.
 */
public final class SocketPeer implements ProtocolScenarios.Peer {
  private final WsClient client;
  private final long id;
  private final HubEvents events;
  private boolean paused;

  public SocketPeer(WsClient client, long id, HubEvents events) {
    this.client = client;
    this.id = id;
    this.events = events;
  }

  @Override
  public void send(String frame) {
    client.send(frame);
  }

  @Override
  public boolean trySend(String frame) {
    try {
      client.send(frame);
      return true;
    } catch (RuntimeException closed) { // the server closed it meanwhile: the JDK refuses to send
      return false;
    }
  }

  @Override
  public String pollFrame() {
    try {
      return client.pollFrame(0);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean isClosed() {
    return client.isClosed();
  }

  @Override
  public void disconnect() {
    client.closeAndWait();
  }

  @Override
  public void drop() {
    client.abort();
  }

  @Override
  public String nextFrame() {
    return client.nextFrame();
  }

  @Override
  public int awaitClose() {
    if (!paused) {
      int seen = client.awaitClose();
      if (seen != WsClient.DROPPED) {
        return seen;
      }
      // A client that kept sending while the hub closed it (a flood) can have its unread close
      // frame discarded when the server's socket answers those frames with a reset. The
      // protocol allows that drop; what the hub closed it with is then the answer.
      int hubCode = events.awaitDisconnect(id);
      System.out.printf("client %d: dropped without a close frame; the hub closed it with %d%n", id, hubCode);
      return hubCode;
    }
    // A client that does not read cannot see the close frame: wait for the hub to close it,
    // then read again to find the close frame behind everything that was queued.
    int hubCode = events.awaitDisconnect(id);
    client.resume();
    int seen = client.awaitClose();
    // The protocol allows dropping a connection whose close frame cannot be written.
    if (seen == WsClient.DROPPED) {
      System.out.printf("client %d: dropped without a close frame; the hub closed it with %d%n", id, hubCode);
      return hubCode;
    }
    return seen;
  }

  @Override
  public void stopReading() {
    paused = true;
    client.pause();
  }

  @Override
  public void stopAnsweringPings() {
    stopReading(); // the JDK client answers every ping it reads
  }
}
