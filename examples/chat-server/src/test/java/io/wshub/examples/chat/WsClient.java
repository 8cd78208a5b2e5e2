package io.wshub.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A protocol v1 client over a real socket (the JDK's WebSocket), recording what it receives. */
final class WsClient implements WebSocket.Listener {

  static final long TIMEOUT_SECONDS = 10;

  private final long id;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private WsClient(long id) {
    this.id = id;
  }

  /** Connects as {@code id} to the hub of the chat at {@code page}. */
  static WsClient connect(HttpClient http, URI page, long id) throws Exception {
    WsClient client = new WsClient(id);
    URI hub = URI.create("ws://" + page.getRawAuthority() + "/ws/" + id);
    client.socket = http.newWebSocketBuilder().buildAsync(hub, client)
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  void send(String frame) {
    socket.sendText(frame, true).join();
  }

  /**
   * Returns once the hub has registered this connection. The handshake can complete before the
   * server's endpoint has told the hub, so a message to ourselves makes the round trip: the hub
   * routes a connection's frames only after it registered it.
   */
  WsClient joined() throws InterruptedException {
    send("{\"type\":1,\"sender\":" + id + ",\"receiver\":" + id + ",\"content\":\"joined\"}");
    assertThat(next()).contains("\"content\":\"joined\"");
    assertThat(next()).isEqualTo(receipt(id, "success send"));
    return this;
  }

  /** The next frame received, waiting for it a while. */
  String next() throws InterruptedException {
    String frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(frame).as("a frame for client %d within %d s", id, TIMEOUT_SECONDS).isNotNull();
    return frame;
  }

  /** The close code the server sent, waiting for it a while. */
  int closeCode() throws Exception {
    return closeCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  void abort() {
    socket.abort();
  }

  static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }
}
