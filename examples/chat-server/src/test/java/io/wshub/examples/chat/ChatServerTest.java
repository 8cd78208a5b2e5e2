package io.wshub.examples.chat;

import static io.wshub.examples.chat.WsClient.receipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(page.body()).contains("<title>wshub chat</title>", "new URL('ws/' + id, location.href)");
  }

  @Test
  void answersUnknownPathsWith404AndListsNoDirectories() throws Exception {
    assertThat(get(chat.uri().resolve("/nothing-here")).statusCode()).isEqualTo(404);
    assertThat(get(chat.uri().resolve("/ws/")).statusCode()).isIn(403, 404);
  }

  @Test
  void twoClientsChatWithReceipts() throws Exception {
    WsClient alice = connect(1).joined();
    WsClient bob = connect(2).joined();

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello bob\"}");
    assertThat(bob.next()).isEqualTo("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello bob\"}");
    assertThat(alice.next()).isEqualTo(receipt(2, "success send"));

    // Bob leaves "sender" out: the hub puts in who he is.
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"hi alice\"}");
    assertThat(alice.next()).contains("\"sender\":2", "\"receiver\":1", "\"content\":\"hi alice\"");
    assertThat(bob.next()).isEqualTo(receipt(1, "success send"));

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":99,\"content\":\"anyone?\"}");
    assertThat(alice.next()).isEqualTo(receipt(99, "not online"));

    bob.send("{\"type\":3,\"sender\":2,\"content\":\"hello everyone\"}");
    assertThat(alice.next()).isEqualTo("{\"type\":3,\"sender\":2,\"content\":\"hello everyone\"}");
    assertThat(bob.next()).isEqualTo("{\"type\":3,\"sender\":2,\"content\":\"hello everyone\"}");
  }

  @Test
  void acceptsMessagesLongerThanTheProtocolDefault() throws Exception {
    WsClient alice = connect(1).joined();
    String text = "x".repeat(2_000); // the protocol's default limit is 512 bytes a frame

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":1,\"content\":\"" + text + "\"}");

    assertThat(alice.next()).contains(text);
    assertThat(alice.next()).isEqualTo(receipt(1, "success send"));
  }

  @Test
  void stopClosesConnectedClientsWithGoingAway() throws Exception {
    WsClient alice = connect(1).joined();
    WsClient bob = connect(2).joined();

    chat.stop();

    assertThat(alice.closeCode()).isEqualTo(1001);
    assertThat(bob.closeCode()).isEqualTo(1001);
    assertThatThrownBy(() -> get(chat.uri())).isInstanceOf(IOException.class); // no longer listening
  }

  @Test
  void refusesToStartOnAPortInUse() {
    assertThatThrownBy(() -> ChatServer.start("127.0.0.1", chat.port()))
        .isInstanceOf(IOException.class);
  }

  private WsClient connect(long id) throws Exception {
    WsClient client = WsClient.connect(http, chat.uri(), id);
    clients.add(client);
    return client;
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
