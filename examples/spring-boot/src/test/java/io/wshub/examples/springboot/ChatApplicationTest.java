package io.wshub.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.Hub;
import io.wshub.jakarta.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example as its users meet it: real sockets to the embedded Tomcat on a random port. Spring
 * Boot's tests leave out every meter registry but the in-memory one unless asked: the Prometheus one
 * is asked for here.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatApplicationTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  Hub<Long> hub;

  @Test
  void signedInUsersTalkAsThemselves() {
    WsClient alice = connect("alice", 1);
    WsClient bob = connect("bob", 2);

    String receipt = alice.sendUntilOnline("{\"type\":1,\"sender\":2,\"receiver\":2,\"content\":\"hi bob\"}");

    assertThat(receipt).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
    assertThat(bob.nextFrame()).contains("\"sender\":1").contains("\"content\":\"hi bob\"");
    alice.closeAndWait();
    bob.closeAndWait();
  }

  @Test
  void aUserCannotConnectAsSomeoneElse() {
    WsClient alice = WsClient.connect(HTTP, uri(2), headers("alice", "http://localhost:8080"));

    assertThat(alice.awaitClose()).isEqualTo(1008);
  }

  @Test
  void theHandshakeWantsASignedInUserAndAnAllowedOrigin() {
    assertThat(WsClient.upgradeStatus(uri(1), Map.of("Origin", "http://localhost:8080"))).isEqualTo(401);
    assertThat(WsClient.upgradeStatus(uri(1), headers("alice", "https://elsewhere.example"))).isEqualTo(403);
  }

  @Test
  void theHubIsBuiltFromApplicationProperties() {
    assertThat(hub.config().maxFrameBytes()).isEqualTo(4096);
    assertThat(hub.config().duplicateIds()).isEqualTo(DuplicateIdPolicy.MULTI);
  }

  @Test
  void theHubsMetersAreUnderActuatorInPrometheusFormat() throws Exception {
    WsClient alice = connect("alice", 1);
    alice.send("{\"type\":3,\"content\":\"all\"}");
    assertThat(alice.nextFrame()).contains("\"content\":\"all\"");

    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    String scrape = response.body();

    assertThat(response.statusCode()).as("the scrape's status").isEqualTo(200);
    assertThat(scrape)
        .containsPattern("(?m)^wshub_connections(\\{[^}]*})? [1-9]")
        .containsPattern("(?m)^wshub_frames_in_total(\\{[^}]*})? [1-9]")
        .containsPattern("(?m)^wshub_frames_out_total(\\{[^}]*})? [1-9]")
        .contains("wshub_receipts_total{outcome=\"success\"}")
        .contains("wshub_queue_inbound ")
        .contains("wshub_queue_outbound ")
        .contains("wshub_lag_seconds_count");
    alice.closeAndWait();
  }

  @Test
  void theReadmeShowsTheAuthenticatorAndThePropertiesAsTheyAre() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../../README.md"));
    assertThat(readme).contains(io.wshub.core.readme.ReadmeSnippets.fenced("java", io.wshub.core.readme.ReadmeSnippets
        .region(java.nio.file.Path.of("src/main/java/io/wshub/examples/springboot/ChatApplication.java"),
            "spring-authenticator")));
    String properties = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/application.properties"));
    String wshub = properties.lines().filter(line -> line.startsWith("wshub.")).collect(
        java.util.stream.Collectors.joining("\n", "", "\n"));
    assertThat(readme).contains("```properties\n" + wshub + "```");
  }

  WsClient connect(String user, long id) {
    return WsClient.connect(HTTP, uri(id), headers(user, "http://localhost:8080"));
  }

  URI uri(long id) {
    return URI.create("ws://127.0.0.1:" + port + "/ws/" + id);
  }

  static Map<String, String> headers(String user, String origin) {
    String basic = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    return Map.of("Authorization", "Basic " + basic, "Origin", origin);
  }
}
