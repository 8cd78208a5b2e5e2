package io.wshub.server;

import static io.wshub.core.readme.ReadmeSnippets.fenced;
import static io.wshub.core.readme.ReadmeSnippets.readme;
import static io.wshub.core.readme.ReadmeSnippets.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.jakarta.WsClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's hub-server snippet, run for real: a region of this file, shown to the letter. */
class ReadmeSnippetsTest {

  private static final Path SOURCE = Path.of("src/test/java/io/wshub/server/ReadmeSnippetsTest.java");

  @Test
  void theReadmeShowsTheSnippetAsThisFileHasIt() {
    assertThat(readme()).contains(fenced("java", region(SOURCE, "server")));
  }

  @Test
  void aHubOnAPortOfItsOwn() throws Exception {
    Map<String, Long> sessions = Map.of("t0k3n-alice", 1L, "t0k3n-bob", 2L); // your session store
    // README:server:begin
    Hub<Long> hub = Hub.builder().build();
    HubServer server = HubServer.forHub(hub)
        .port(0)                                   // 0: any free port; the default is 8080
        .authenticator((pathId, request) -> request.parameter("token").stream()
            .map(sessions::get).filter(pathId::equals).findFirst())
        .staticFiles("static")                     // GET / serves static/index.html from the class path
        .start();
    // ... ws://HOST:PORT/ws/{id}?token=...
    hub.shutdown(Duration.ofSeconds(5)).join();    // clients get 1001 after what was queued for them
    server.close();
    // README:server:end
  }

  @Test
  void theSnippetsAuthenticatorLetsInOnlyWhoseTokenMatches() throws Exception {
    Map<String, Long> sessions = Map.of("t0k3n-alice", 1L, "t0k3n-bob", 2L);
    Hub<Long> hub = Hub.builder().build();
    try (HubServer server = HubServer.forHub(hub).host("127.0.0.1").port(0)
        .authenticator((pathId, request) -> request.parameter("token").stream()
            .map(sessions::get).filter(pathId::equals).findFirst())
        .start()) {
      String base = "ws://127.0.0.1:" + server.port() + "/ws/";
      WsClient bob = WsClient.connect(URI.create(base + "2?token=t0k3n-bob"));
      WsClient alice = WsClient.connect(URI.create(base + "1?token=t0k3n-alice"));
      assertThat(alice.sendUntilOnline("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}")).contains("success send");
      assertThat(bob.nextFrame()).contains("\"content\":\"hi\"");
      WsClient mallory = WsClient.connect(URI.create(base + "1?token=t0k3n-bob"));
      assertThat(mallory.awaitClose()).isEqualTo(1008);
      alice.closeAndWait();
      bob.closeAndWait();
    } finally {
      hub.close();
    }
  }
}
