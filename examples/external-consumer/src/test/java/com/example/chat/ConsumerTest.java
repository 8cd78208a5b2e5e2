package com.example.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.Hub;
import io.wshub.core.HubListener;
import io.wshub.core.Message;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import io.wshub.jakarta.HubEndpoints;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.Test;

/**
 * What a user writes, from the README, against the installed artifacts: a package of its own, the
 * public API only.
 */
class ConsumerTest {

  static final int GREET = 10;

  @Test
  void theReadmesTestKitExample() {
    // The README's "Testing your hub logic without sockets".
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(GREET, (message, context) -> {
      boolean delivered = context.send(message.receiver(),
          Message.of(GREET, context.sender(), message.receiver(), "hello from " + context.sender()));
      context.receipt(message.receiver(), delivered);
    }));
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    alice.send("{\"type\":10,\"receiver\":2}");

    assertThat(bob.frames()).containsExactly(
        "{\"type\":10,\"sender\":1,\"receiver\":2,\"content\":\"hello from 1\"}");
    hub.advance(Duration.ofSeconds(11));
    assertThat(bob.closeCode()).hasValue(CloseCodes.GOING_AWAY);
  }

  @Test
  void theReadmesHubInEmbeddedTyrus() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // The README's "Using hub-core" builder and "Serving it from a WebSocket container".
    Hub<Long> hub = Hub.builder()
        .duplicateIds(DuplicateIdPolicy.MULTI)
        .listener(new HubListener<>() {
          @Override public void onConnect(Long id) { }
        })
        .build();
    ServerContainer server = ServerContainerFactory.createServerContainer(Map.of());
    server.addEndpoint(HubEndpoints.config(hub));   // protocol v1 at /ws/{id}
    server.start("/", port);
    try {
      CompletableFuture<String> answer = new CompletableFuture<>();
      WebSocket alice = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/1"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              answer.complete(data.toString());
              return null;
            }
          }).get(20, TimeUnit.SECONDS);
      alice.sendText("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}", true);
      assertThat(answer.get(20, TimeUnit.SECONDS))
          .isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"not online\"}");
      alice.abort();
    } finally {
      server.stop();
      hub.shutdown(Duration.ofSeconds(1)).get(20, TimeUnit.SECONDS);
    }
  }
}
