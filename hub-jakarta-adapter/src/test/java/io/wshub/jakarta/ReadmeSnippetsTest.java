package io.wshub.jakarta;

import static io.wshub.core.readme.ReadmeSnippets.fenced;
import static io.wshub.core.readme.ReadmeSnippets.readme;
import static io.wshub.core.readme.ReadmeSnippets.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.core.IdCodec;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's adapter snippets, run for real in Tyrus: each is a region of this file, and the
 * README must show it to the letter.
 */
class ReadmeSnippetsTest {

  private static final Path SOURCE = Path.of("src/test/java/io/wshub/jakarta/ReadmeSnippetsTest.java");

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable each : cleanup) {
      each.close();
    }
  }

  @Test
  void theReadmeShowsEverySnippetAsThisFileHasIt() {
    String readme = readme();
    for (String name : List.of("tyrus", "handshake", "deployment")) {
      assertThat(readme).as("README snippet %s", name).contains(fenced("java", region(SOURCE, name)));
    }
    String version = System.getProperty("wshub.version");
    assertThat(version).as("the build passes the project version").isNotBlank();
    assertThat(readme).contains("<artifactId>hub-jakarta-adapter</artifactId>\n  <version>" + version + "</version>");
  }

  @Test
  void ownHubInEmbeddedTyrus() throws Exception {
    int port = freePort();
    // README:tyrus:begin
    Hub<Long> hub = Hub.builder().build();
    ServerContainer server = ServerContainerFactory.createServerContainer(Map.of());
    server.addEndpoint(HubEndpoints.config(hub));   // protocol v1 at /ws/{id}
    server.start("/", port);
    // README:tyrus:end
    cleanup.add(hub);
    cleanup.add(server::stop);

    chat(URI.create("ws://127.0.0.1:" + port + "/ws/1"), URI.create("ws://127.0.0.1:" + port + "/ws/2"), "2");
  }

  @Test
  void handshakeOptions() throws Exception {
    Hub<Long> hub = Hub.builder().build();
    cleanup.add(hub);
    Map<String, Long> sessions = Map.of("t0k3n-alice", 1L, "t0k3n-bob", 2L); // your session store
    // README:handshake:begin
    ServerEndpointConfig endpoint = HubEndpoints.forHub(hub)
        .path("/chat/{id}")                       // another path than /ws/{id}
        .allowedOrigins("https://chat.example")   // other origins get HTTP 403
        .authenticator((pathId, request) -> {     // ?token=... must prove the path's id
          List<String> token = request.getParameterMap().getOrDefault("token", List.of());
          return token.size() == 1 && pathId.equals(sessions.get(token.get(0)))
              ? Optional.of(pathId)
              : Optional.empty();                 // rejected: closed with 1008
        })
        .build();
    // README:handshake:end
    int port = start(endpoint);
    String base = "ws://127.0.0.1:" + port + "/chat/";
    Map<String, String> origin = Map.of("Origin", "https://chat.example");

    WsClient mallory = WsClient.connect(ContainerProtocolTest.HTTP, URI.create(base + "1?token=t0k3n-bob"), origin);
    assertThat(mallory.awaitClose()).isEqualTo(1008);
    assertThat(WsClient.upgradeStatus(URI.create(base + "1?token=t0k3n-alice"), Map.of("Origin", "https://evil.example")))
        .isEqualTo(403);
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, URI.create(base + "1?token=t0k3n-alice"), origin);
    WsClient bob = WsClient.connect(ContainerProtocolTest.HTTP, URI.create(base + "2?token=t0k3n-bob"), origin);
    converse(alice, bob, "2");
  }

  // README:deployment:begin
  public static final class ChatDeployment implements HubDeployment {
    @Override
    public Set<ServerEndpointConfig> endpoints() {
      Hub<String> hub = Hub.builder(IdCodec.strings()).maxFrameBytes(4096).build();
      return Set.of(HubEndpoints.forHub(hub).path("/chat/{id}").build());
    }
  }
  // README:deployment:end

  @Test
  void aWarsOwnDeployment() throws Exception {
    int port = start(new ChatDeployment().endpoints().toArray(ServerEndpointConfig[]::new));

    chat(URI.create("ws://127.0.0.1:" + port + "/chat/alice"), URI.create("ws://127.0.0.1:" + port + "/chat/bob"),
        "\"bob\"");
  }

  private int start(ServerEndpointConfig... endpoints) throws IOException, DeploymentException {
    int port = freePort();
    ServerContainer server = ServerContainerFactory.createServerContainer(Map.of());
    for (ServerEndpointConfig endpoint : endpoints) {
      server.addEndpoint(endpoint);
    }
    server.start("/", port);
    cleanup.add(server::stop);
    return port;
  }

  private static void chat(URI first, URI second, String secondIdJson) {
    converse(WsClient.connect(ContainerProtocolTest.HTTP, first, Map.of()),
        WsClient.connect(ContainerProtocolTest.HTTP, second, Map.of()), secondIdJson);
  }

  /** The first client writes to the second until the hub has registered it, then they are done. */
  private static void converse(WsClient from, WsClient to, String toIdJson) {
    String receipt = from.sendUntilOnline("{\"type\":1,\"receiver\":" + toIdJson + ",\"content\":\"hi\"}");
    assertThat(receipt).contains("success send");
    assertThat(to.nextFrame()).contains("\"content\":\"hi\"");
    from.closeAndWait();
    to.closeAndWait();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
