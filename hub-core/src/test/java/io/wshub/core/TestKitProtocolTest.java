package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.scenarios.ProtocolScenarios;
import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The protocol scenarios through the test kit: no sockets, virtual time. */
class TestKitProtocolTest extends ProtocolScenarios {

  private static final Duration STEP = Duration.ofMillis(50);
  private static final Duration TICK = Duration.ofMillis(10);
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @Override
  protected Transport start(HubBuilder<Long> builder) {
    TestHub<Long> hub = TestHub.create(builder);
    List<KitPeer> peers = new ArrayList<>();
    return new Transport() {
      @Override
      public Peer connect(long id) {
        TestClient<Long> client = hub.connect(id, FakeClientPort.like(hub.hub().config()));
        assertThat(hub.isOnline(id)).as("client %s registered", id).isTrue();
        KitPeer peer = new KitPeer(hub, client, peers);
        peers.add(peer);
        return peer;
      }

      @Override
      public void tick() {
        hub.advance(TICK);
        peers.forEach(KitPeer::answerPings);
      }

      @Override
      public long nanos() {
        return hub.time().nanos();
      }

      @Override
      public void close() {
        hub.close();
      }
    };
  }

  /**
   * A test-kit client that waits by advancing virtual time; meanwhile every client answers its
   * pings, as browsers do, unless told not to.
   */
  private static final class KitPeer implements Peer {
    private final TestHub<Long> hub;
    private final TestClient<Long> client;
    private final List<KitPeer> everyone;
    private final Deque<String> unread = new ArrayDeque<>();
    private boolean answersPings = true;
    private int pingsAnswered;

    KitPeer(TestHub<Long> hub, TestClient<Long> client, List<KitPeer> everyone) {
      this.hub = hub;
      this.client = client;
      this.everyone = everyone;
    }

    @Override
    public void send(String frame) {
      client.send(frame);
    }

    @Override
    public boolean trySend(String frame) {
      if (client.isClosed()) {
        return false;
      }
      client.send(frame);
      return true;
    }

    @Override
    public String pollFrame() {
      unread.addAll(client.takeFrames());
      return unread.poll();
    }

    @Override
    public boolean isClosed() {
      return client.isClosed();
    }

    @Override
    public void disconnect() {
      client.disconnect();
    }

    @Override
    public void drop() {
      client.connection().closed(1006, "");
    }

    @Override
    public String nextFrame() {
      unread.addAll(client.takeFrames());
      assertThat(unread).as("a frame for client %s", client.id()).isNotEmpty();
      return unread.poll();
    }

    @Override
    public int awaitClose() {
      for (Duration waited = Duration.ZERO; !client.isClosed() && waited.compareTo(PATIENCE) < 0; waited = waited.plus(STEP)) {
        hub.advance(STEP);
        everyone.forEach(KitPeer::answerPings);
      }
      assertThat(client.closeCode()).as("client %s closed", client.id()).isPresent();
      return client.closeCode().getAsInt();
    }

    private void answerPings() {
      if (answersPings && client.pings() > pingsAnswered) {
        pingsAnswered = client.pings();
        client.pong();
      }
    }

    @Override
    public void stopReading() {
      client.stopReading();
    }

    @Override
    public void stopAnsweringPings() {
      answersPings = false;
    }
  }
}
