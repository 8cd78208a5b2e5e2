package io.wshub.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wshub.jakarta.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat server over real sockets: the page over HTTP, the hub over WebSocket, on one port. */
class ChatServerTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<WsClient> clients = new ArrayList<>();
  private ChatServer chat;

  @BeforeEach
  void start() throws IOException {
    chat = ChatServer.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    clients.forEach(WsClient::abort);
    chat.stop();
  }

  @Test
  void servesThePageAtTheRoot() throws Exception {
    HttpResponse<String> page = get(chat.uri());

    assertThat(chat.uri()).hasToString("http://127.0.0.1:" + chat.port() + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<title>wshub chat</title>", "from './wshub.js';");

    // The client module beside it, as JavaScript (or no browser runs it), and relative to the page.
    HttpResponse<String> client = get(chat.uri().resolve("wshub.js"));
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/javascript"));
    assertThat(client.body()).contains("new URL('ws/' + this.id, this.options.base)", "base: typeof location === 'undefined' ? undefined : location.href");
  }

  @Test
  void answersUnknownPathsWith404AndListsNoDirectories() throws Exception {
    assertThat(get(chat.uri().resolve("/nothing-here")).statusCode()).isEqualTo(404);
    assertThat(get(chat.uri().resolve("/ws/")).statusCode()).isIn(403, 404);
  }

  @Test
  void twoClientsChatWithReceipts() throws Exception {
    WsClient alice = joined(1);
    WsClient bob = joined(2);

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello bob\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello bob\"}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));

    // Bob leaves "sender" out: the hub puts in who he is.
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"hi alice\"}");
    assertThat(alice.nextFrame()).contains("\"sender\":2", "\"receiver\":1", "\"content\":\"hi alice\"");
    assertThat(bob.nextFrame()).isEqualTo(receipt(1, "success send"));

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":99,\"content\":\"anyone?\"}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));

    bob.send("{\"type\":3,\"sender\":2,\"content\":\"hello everyone\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":3,\"sender\":2,\"content\":\"hello everyone\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":3,\"sender\":2,\"content\":\"hello everyone\"}");
  }

  @Test
  void clientsTalkInARoom() throws Exception {
    WsClient alice = joined(1);
    WsClient bob = joined(2);

    alice.send("{\"type\":5,\"room\":\"lunch\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":1,\"room\":\"lunch\",\"content\":\"joined\"}");
    bob.send("{\"type\":5,\"room\":\"lunch\"}");
    assertThat(bob.nextFrame()).contains("\"content\":\"joined\"");
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"room\":\"lunch\",\"content\":\"joined\"}");

    bob.send("{\"type\":7,\"room\":\"lunch\",\"content\":\"pizza?\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"sender\":2,\"type\":7,\"room\":\"lunch\",\"content\":\"pizza?\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":2,\"type\":7,\"room\":\"lunch\",\"content\":\"pizza?\"}");
  }

  @Test
  void withARateLimitAFloodIsToldTheLimit() throws Exception {
    try (ChatServer limited = ChatServer.start("127.0.0.1", 0, 3)) {
      WsClient flooder = WsClient.connect(URI.create("ws://" + limited.uri().getRawAuthority() + "/ws/1"));
      clients.add(flooder);
      for (int i = 0; i < 20; i++) {
        flooder.send("{\"type\":1,\"receiver\":1,\"content\":\"again\"}");
      }

      String frame;
      do {
        frame = flooder.nextFrame(); // its own messages and receipts, within the burst of 3
      } while (!frame.contains("rate limit"));
      assertThat(frame).isEqualTo(receipt(1, "error: rate limit: 3 messages per second"));
    }
  }

  @Test
  void acceptsMessagesLongerThanTheProtocolDefault() throws Exception {
    WsClient alice = joined(1);
    String text = "x".repeat(2_000); // the protocol's default limit is 512 bytes a frame

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":1,\"content\":\"" + text + "\"}");

    assertThat(alice.nextFrame()).contains(text);
    assertThat(alice.nextFrame()).isEqualTo(receipt(1, "success send"));
  }

  @Test
  void stopClosesConnectedClientsWithGoingAway() throws Exception {
    WsClient alice = joined(1);
    WsClient bob = joined(2);

    chat.stop();

    assertThat(alice.awaitClose()).isEqualTo(1001);
    assertThat(bob.awaitClose()).isEqualTo(1001);
    assertThatThrownBy(() -> get(chat.uri())).isInstanceOf(IOException.class); // no longer listening
  }

  @Test
  void refusesToStartOnAPortInUse() {
    assertThatThrownBy(() -> ChatServer.start("127.0.0.1", chat.port()))
        .isInstanceOf(IOException.class);
  }

  /**
   * Connects as {@code id} and returns once the hub has registered the connection. The handshake
   * can complete before the server's endpoint has told the hub, so a message to ourselves makes
   * the round trip: the hub routes a connection's frames only after it registered it.
   */
  private WsClient joined(long id) {
    WsClient client = WsClient.connect(URI.create("ws://" + chat.uri().getRawAuthority() + "/ws/" + id));
    clients.add(client);
    client.send("{\"type\":1,\"sender\":" + id + ",\"receiver\":" + id + ",\"content\":\"joined\"}");
    assertThat(client.nextFrame()).contains("\"content\":\"joined\"");
    assertThat(client.nextFrame()).isEqualTo(receipt(id, "success send"));
    return client;
  }

  private static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
