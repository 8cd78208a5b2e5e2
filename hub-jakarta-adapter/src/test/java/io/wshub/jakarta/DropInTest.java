package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drop-in in a WAR, in Tomcat: the container's scan finds {@link DropInApplication} (here
 * handed to Tomcat's WebSocket initializer as its scan would), with no code of the application's.
 */
class DropInTest {

  private WebSocketServer server;
  private static volatile Hub<Long> deployedHub;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (deployedHub != null) {
      deployedHub.close();
      deployedHub = null;
    }
  }

  @Test
  void aWarWithTheAdapterServesProtocolV1AtWsIdWithNoCode() throws Exception {
    server = TomcatProtocolTest.startTomcat(Set.of(DropInApplication.class), getClass().getClassLoader());

    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/1"), Map.of());
    WsClient bob = WsClient.connect(ContainerProtocolTest.HTTP, uri("/ws/2"), Map.of());
    // No hub handle to wait on: bob is registered once a message to him is accepted.
    String hello = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hi\"}";
    String answer = alice.sendUntilOnline(hello);
    assertThat(answer).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
    assertThat(bob.nextFrame()).isEqualTo(hello);
    alice.closeAndWait();
    bob.closeAndWait();
  }

  /** A WAR's own deployment, found through META-INF/services. */
  public static final class ChatDeployment implements HubDeployment {
    @Override
    public Set<ServerEndpointConfig> endpoints() {
      Hub<Long> hub = Hub.builder().build();
      deployedHub = hub;
      return Set.of(HubEndpoints.forHub(hub).path("/chat/{id}").build());
    }
  }

  @Test
  void aHubDeploymentReplacesTheDefault() throws Exception {
    Path classes = Files.createTempDirectory("wshub-war");
    Path services = classes.resolve("META-INF/services/" + HubDeployment.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, ChatDeployment.class.getName() + "\n", StandardCharsets.UTF_8);
    ClassLoader war = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    server = TomcatProtocolTest.startTomcat(Set.of(DropInApplication.class), war);

    assertThat(deployedHub).as("the deployment's hub was built").isNotNull();
    assertThat(WsClient.upgradeStatus(uri("/ws/1"), Map.of())).as("no default at /ws/{id}").isEqualTo(404);
    WsClient alice = WsClient.connect(ContainerProtocolTest.HTTP, uri("/chat/1"), Map.of());
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
    assertThat(alice.nextFrame()).contains("not online");
    assertThat(deployedHub.stats().get().connectionsAccepted()).isEqualTo(1);
    alice.closeAndWait();
  }

  private URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }
}
