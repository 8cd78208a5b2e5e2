package io.wshub.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.jakarta.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The same application with the hub served by the annotated HubServerEndpoint: the same handshake, the same hub. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "wshub.endpoint=annotated")
class AnnotatedEndpointTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Test
  void theAnnotatedEndpointServesTheContextsHub() {
    WsClient alice = WsClient.connect(HTTP, uri(1), ChatApplicationTest.headers("alice", "http://localhost:8080"));
    WsClient bob = WsClient.connect(HTTP, uri(2), ChatApplicationTest.headers("bob", "http://localhost:8080"));

    String receipt = alice.sendUntilOnline("{\"type\":1,\"receiver\":2,\"content\":\"hi bob\"}");

    assertThat(receipt).contains("success send");
    assertThat(bob.nextFrame()).contains("\"sender\":1");
    alice.closeAndWait();
    bob.closeAndWait();
  }

  @Test
  void itKeepsTheHandshakeOfTheAuthenticatorAndTheOrigins() {
    WsClient mallory = WsClient.connect(HTTP, uri(2), ChatApplicationTest.headers("alice", "http://localhost:8080"));
    assertThat(mallory.awaitClose()).isEqualTo(1008);
    assertThat(WsClient.upgradeStatus(uri(1), ChatApplicationTest.headers("alice", "https://elsewhere.example")))
        .isEqualTo(403);
  }

  URI uri(long id) {
    return URI.create("ws://127.0.0.1:" + port + "/ws/" + id);
  }
}
