package io.wshub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubStats;
import io.wshub.core.Message;
import io.wshub.core.MessageType;
import io.wshub.core.scenarios.ProtocolScenarios;
import io.wshub.jakarta.HubEvents;
import io.wshub.jakarta.SocketTransport;
import io.wshub.jakarta.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Protocol v1 over real sockets through hub-server: the hub-core scenarios, then the upgrade. */
class HubServerProtocolTest extends ProtocolScenarios {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void stopResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    resources.clear();
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    resources.add(resource);
    return resource;
  }

  private HubServer serve(HubServer.Builder<Long> builder) {
    try {
      return closeLater(builder.host("127.0.0.1").port(0).start());
    } catch (IOException e) {
      throw new AssertionError("the server did not start", e);
    }
  }

  static URI uri(HubServer server, String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  @Override
  protected Transport start(HubBuilder<Long> builder) {
    HubEvents events = new HubEvents();
    Hub<Long> hub = builder.listener(events).build();
    HubServer server;
    try {
      server = HubServer.forHub(hub).host("127.0.0.1").port(0).start();
    } catch (IOException e) {
      hub.close();
      throw new AssertionError("the server did not start", e);
    }
    return SocketTransport.at(events, id -> uri(server, "/ws/" + id), () -> {
      hub.close();
      server.close();
    });
  }

  @Test
  void aMalformedIdIsRefusedAtTheUpgradeWith400AndNothingIsRegistered() throws Exception {
    Hub<Long> hub = closeLater(Hub.builder().build());
    HubServer server = serve(HubServer.forHub(hub));

    for (String id : List.of("abc", "0", "-1", "99999999999999999999", "1.5", "01", "%E0")) {
      assertThat(WsClient.upgradeStatus(uri(server, "/ws/" + id), Map.of())).as("id %s", id).isEqualTo(400);
    }
    assertThat(WsClient.upgradeStatus(uri(server, "/elsewhere/1"), Map.of())).isEqualTo(404);
    assertThat(WsClient.upgradeStatus(uri(server, "/ws/1/more"), Map.of())).isEqualTo(404);
    HubStats stats = hub.stats().get(10, TimeUnit.SECONDS);
    assertThat(stats.connectionsAccepted()).isZero();
  }

  @Test
  void aPercentEncodedIdIsTheIdItSpells() throws Exception {
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    HubServer server = serve(HubServer.forHub(hub));

    WsClient one = WsClient.connect(HTTP, uri(server, "/ws/%31"), Map.of());
    events.awaitConnect(1);
    one.send("{\"type\":1,\"receiver\":9,\"content\":\"hi\"}");
    assertThat(one.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":9,\"content\":\"not online\"}");
    one.closeAndWait();
  }

  @Test
  void theAuthenticatorDecidesWhoConnectsAndATokenItRefusesGets1008() throws Exception {
    Hub<Long> hub = closeLater(Hub.builder().build());
    Authenticator<Long> tokens = (pathId, request) ->
        request.parameter("token").equals(List.of("secret-" + pathId)) ? Optional.of(pathId) : Optional.empty();
    HubServer server = serve(HubServer.forHub(hub).authenticator(tokens));

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
    HubServer server = serve(HubServer.forHub(hub).allowedOrigins("https://chat.example"));
    URI uri = uri(server, "/ws/1");

    assertThat(WsClient.upgradeStatus(uri, Map.of("Origin", "https://evil.example"))).isEqualTo(403);
    assertThat(WsClient.upgradeStatus(uri, Map.of())).as("no Origin header").isEqualTo(403);

    WsClient alice = WsClient.connect(HTTP, uri, Map.of("Origin", "https://CHAT.example"));
    alice.send("{\"type\":1,\"receiver\":9,\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).contains("not online");
    alice.closeAndWait();
  }

  @Test
  void anotherPathServesTheSameProtocol() throws Exception {
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    HubServer server = serve(HubServer.forHub(hub).path("/chat/{id}/socket"));

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
    HubServer server = serve(HubServer.forHub(hub));
    WsClient bob = WsClient.connect(HTTP, uri(server, "/ws/2"), Map.of());
    events.awaitConnect(2);

    // 200 frames told at once: one write holds many, and more than the 64 KiB a write buffer takes.
    String padding = "x".repeat(400) + "é";
    for (int i = 0; i < 200; i++) {
      hub.send(2L, Message.of(MessageType.BROADCAST, 0L, 2L, i + padding));
    }

    for (int i = 0; i < 200; i++) {
      assertThat(bob.nextFrame()).as("frame %d", i).contains("\"content\":\"" + i + "x").endsWith("é\"}");
    }
    bob.closeAndWait();
  }

  @Test
  void aBinaryFrameClosesWith1003AndCountsAsTheClientsProtocolError() throws Exception {
    HubEvents events = new HubEvents();
    Hub<Long> hub = closeLater(Hub.builder().listener(events).build());
    HubServer server = serve(HubServer.forHub(hub));
    WsClient alice = WsClient.connect(HTTP, uri(server, "/ws/1"), Map.of());
    events.awaitConnect(1);

    alice.sendBinary(new byte[] {1, 2, 3});

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    assertThat(hub.stats().get(WsClient.PATIENCE.toSeconds(), TimeUnit.SECONDS).protocolErrors()).isEqualTo(1);
  }
}
