package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubStats;
import io.wshub.core.Message;
import io.wshub.core.MessageType;
import io.wshub.core.scenarios.ProtocolScenarios;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol v1 over real sockets: the hub-core scenarios, then the handshake, in one container.
 * Subclasses say which container.
 */
abstract class ContainerProtocolTest extends ProtocolScenarios {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Starts the container under test. */
  abstract WebSocketServer.Factory container();

  /** The container's name, for the figures a test prints. */
  abstract String name();

  /** The HTTP status a refused origin gets: 403, except where the container decides otherwise. */
  int forbiddenOriginStatus() {
    return 403;
  }

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void stopResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    resources.clear();
  }

  <T extends AutoCloseable> T closeLater(T resource) {
    resources.add(resource);
    return resource;
  }

  WebSocketServer serve(ServerEndpointConfig... endpoints) {
    try {
      return closeLater(container().start(endpoints));
    } catch (Exception e) {
      throw new AssertionError("the container did not start", e);
    }
  }

  static URI uri(WebSocketServer server, String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  @Override
  protected Transport start(HubBuilder<Long> builder) {
    HubEvents events = new HubEvents();
    Hub<Long> hub = builder.listener(events).build();
    WebSocketServer server;
    try {
      server = container().start(HubEndpoints.config(hub));
    } catch (Exception e) {
      hub.close();
      throw new AssertionError("the container did not start", e);
    }
    return SocketTransport.at(events, id -> uri(server, "/ws/" + id), () -> {
      server.close();
      hub.close();
    });
  }

  // ---- The handshake. ----

  @Test
  void aMalformedIdIsRejectedAndNothingIsRegistered() throws Exception {
    Hub<Long> hub = closeLater(Hub.builder().build());
    WebSocketServer server = serve(HubEndpoints.config(hub));

    for (String id : List.of("abc", "0", "-1", "99999999999999999999", "1.5", "01")) {
      URI uri = uri(server, "/ws/" + id);
      int status = WsClient.upgradeStatus(uri, Map.of());
      if (status == 101) {
        WsClient client = WsClient.connect(HTTP, uri, Map.of());
        assertThat(client.awaitClose()).as("close code for id %s", id).isEqualTo(CloseCodes.POLICY_VIOLATION);
        System.out.printf("[%s] malformed id %s: HTTP 101, then close 1008%n", name(), id);
      } else {
        assertThat(status).as("HTTP status for id %s", id).isIn(400, 403);
        System.out.printf("[%s] malformed id %s: HTTP %d%n", name(), id, status);
      }
    }
    HubStats stats = hub.stats().get(10, TimeUnit.SECONDS);
    assertThat(stats.connectionsAccepted()).isZero();
    assertThat(stats.connections()).isZero();
  }

  @Test
  void theAuthenticatorDecidesWhoConnectsAndATokenItRefusesGets1008() throws Exception {
    Hub<Long> hub = closeLater(Hub.builder().build());
    // A token from the query string: "?token=secret-ID" proves ID.
    Authenticator<Long> tokens = (pathId, request) -> {
      List<String> token = request.getParameterMap().getOrDefault("token", List.of());
      return token.equals(List.of("secret-" + pathId)) ? Optional.of(pathId) : Optional.empty();
    };
    WebSocketServer server = serve(HubEndpoints.forHub(hub).authenticator(tokens).build());

    WsClient mallory = WsClient.connect(HTTP, uri(server, "/ws/1?token=secret-2"), Map.of());
    assertThat(mallory.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    WsClient anonymous = WsClient.connect(HTTP, uri(server, "/ws/1"), Map.of());
    assertThat(anonymous.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);

    WsClient alice = WsClient.connect(HTTP, uri(server, "/ws/1?token=secret-1"), Map.of());
    alice.send("{\"type\":1,\"receiver\":9,\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":9,\"content\":\"not online\"}");
    assertThat(hub.stats().get(10, TimeUnit.SECONDS).connectionsAccepted()).isEqualTo(1);
    alice.closeAndWait();
  }

  @Test
  void onlyAllowedOriginsMayConnect() throws Exception {
    Hub<Long> hub = closeLater(Hub.builder().build());
    WebSocketServer server = serve(HubEndpoints.forHub(hub).allowedOrigins("https://chat.example").build());
    URI uri = uri(server, "/ws/1");

    assertThat(WsClient.upgradeStatus(uri, Map.of("Origin", "https://evil.example"))).isEqualTo(forbiddenOriginStatus());
    assertThat(WsClient.upgradeStatus(uri, Map.of())).as("no Origin header").isEqualTo(forbiddenOriginStatus());
    System.out.printf("[%s] forbidden origin: HTTP %d%n", name(), forbiddenOriginStatus());

    WsClient alice = WsClient.connect(HTTP, uri, Map.of("Origin", "https://CHAT.example"));
    alice.send("{\"type\":1,\"receiver\":9,\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).contains("not online");
    alice.closeAndWait();
  }

  @Test
  void anotherPathServesTheSameProtocol() throws Exception {
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    WebSocketServer server = serve(HubEndpoints.forHub(hub).path("/chat/{id}/socket").build());

    WsClient alice = WsClient.connect(HTTP, uri(server, "/chat/1/socket"), Map.of());
    events.awaitConnect(1);
    WsClient bob = WsClient.connect(HTTP, uri(server, "/chat/2/socket"), Map.of());
    events.awaitConnect(2);
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"elsewhere\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"elsewhere\"}");
    assertThat(alice.nextFrame()).contains("success send");
    alice.closeAndWait();
    bob.closeAndWait();
  }

  @Test
  void framesQueuedTogetherGoOutTogetherCompleteAndInOrder() throws Exception {
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    WebSocketServer server = serve(HubEndpoints.config(hub));
    WsClient bob = WsClient.connect(HTTP, uri(server, "/ws/2"), Map.of());
    events.awaitConnect(2);

    // 200 frames told at once reach the hub in bursts, and the port in batches (where the
    // container batches) that are larger than the container's batch buffer.
    String padding = "x".repeat(400);
    for (int i = 0; i < 200; i++) {
      hub.send(2L, Message.of(MessageType.BROADCAST, 0L, 2L, i + padding));
    }

    for (int i = 0; i < 200; i++) {
      assertThat(bob.nextFrame()).as("frame %d", i).contains("\"content\":\"" + i + "x");
    }
    bob.closeAndWait();
  }

  @Test
  void aBinaryFrameClosesWith1003AndCountsAsTheClientsProtocolError() throws Exception {
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    WebSocketServer server = serve(HubEndpoints.config(hub));
    WsClient alice = WsClient.connect(HTTP, uri(server, "/ws/1"), Map.of());
    events.awaitConnect(1);

    alice.sendBinary(new byte[] {1, 2, 3});

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    assertThat(hub.stats().get(WsClient.PATIENCE.toSeconds(), TimeUnit.SECONDS).protocolErrors()).isEqualTo(1);
  }

  // ---- Load. ----

  @Test
  void twoHundredClientsExchangeTwentyThousandMessagesEachArrivesExactlyOnce() throws Exception {
    int clients = 200;
    int perClient = 100;
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    WebSocketServer server = serve(HubEndpoints.config(hub));
    List<WsClient> peers = new ArrayList<>();
    for (int i = 1; i <= clients; i++) {
      peers.add(WsClient.connect(HTTP, uri(server, "/ws/" + i), Map.of()));
    }
    for (int i = 1; i <= clients; i++) {
      events.awaitConnect(i);
    }

    // Client s sends message k to a receiver spread over all the others; every frame is unique.
    List<Set<String>> expected = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      expected.add(new HashSet<>());
    }
    List<List<String>> outgoing = new ArrayList<>();
    for (int s = 0; s < clients; s++) {
      List<String> frames = new ArrayList<>();
      for (int k = 0; k < perClient; k++) {
        int r = (s + 1 + (k * 7) % (clients - 1)) % clients;
        String frame = "{\"type\":1,\"sender\":" + (s + 1) + ",\"receiver\":" + (r + 1) + ",\"content\":\"m" + k + "\"}";
        frames.add(frame);
        expected.get(r).add(frame);
      }
      outgoing.add(frames);
    }

    long started = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sending = new ArrayList<>();
      for (int s = 0; s < clients; s++) {
        WsClient sender = peers.get(s);
        List<String> frames = outgoing.get(s);
        sending.add(senders.submit(() -> frames.forEach(sender::send)));
      }
      for (Future<?> done : sending) {
        done.get(2, TimeUnit.MINUTES);
      }
    } finally {
      senders.shutdownNow();
    }

    String success = "\"content\":\"success send\"";
    for (int i = 0; i < clients; i++) {
      WsClient peer = peers.get(i);
      Set<String> received = new HashSet<>();
      int receipts = 0;
      while (received.size() < expected.get(i).size() || receipts < perClient) {
        String frame = peer.nextFrame();
        if (frame.startsWith("{\"type\":2")) {
          assertThat(frame).as("a receipt").contains(success);
          receipts++;
        } else {
          assertThat(received.add(frame)).as("client %d received %s once", i + 1, frame).isTrue();
        }
      }
      assertThat(received).isEqualTo(expected.get(i));
      assertThat(receipts).isEqualTo(perClient);
      assertThat(peer.pollFrame(0)).as("nothing more for client %d", i + 1).isNull();
    }
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    int messages = clients * perClient;
    System.out.printf("[%s] load: %d clients, %d messages and %d receipts in %d ms (%d messages/s)%n",
        name(), clients, messages, messages, millis, messages * 1000L / millis);

    for (WsClient peer : peers) {
      peer.closeAndWait();
    }
    for (int i = 0; i < clients; i++) {
      events.awaitAnyDisconnect();
    }
    HubStats stats = hub.stats().get(10, TimeUnit.SECONDS);
    assertThat(stats.connections()).as("registry empty").isZero();
    assertThat(stats.onlineIds()).isZero();
    assertThat(stats.successReceipts()).isEqualTo(messages);
    assertThat(stats.slowConsumerCloses()).isZero();
  }
}
