package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real WebSocket client (the JDK's), recording what it receives. It answers pings by itself
 * while it reads; {@link #pause()} stops reading from the socket altogether (no demand), so
 * neither frames nor pings are read until {@link #resume()}.
 */
public final class WsClient implements WebSocket.Listener {

  /** How long any wait lasts before the test fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The code recorded when the connection ended without a close frame. */
  static final int DROPPED = 1006;

  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile boolean paused;
  private volatile WebSocket socket;

  /** Connects and waits for the upgrade; fails the test if it does not happen. */
  public static WsClient connect(URI uri) {
    return connect(HTTP, uri, Map.of());
  }

  /** Connects and waits for the upgrade; fails the test if it does not happen. */
  public static WsClient connect(HttpClient http, URI uri, Map<String, String> headers) {
    WsClient client = new WsClient();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(PATIENCE);
    headers.forEach(builder::header);
    try {
      client.socket = builder.buildAsync(uri, client).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("could not connect to " + uri, e);
    }
    return client;
  }

  /**
   * The HTTP status of the server's answer to an upgrade request, read from the status line of a
   * raw request (101 if it accepted; the socket is closed right after).
   */
  public static int upgradeStatus(URI uri, Map<String, String> headers) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) PATIENCE.toMillis());
      StringBuilder request = new StringBuilder()
          .append("GET ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
          .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
          .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13")
          .append("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      String statusLine = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (IOException e) {
      throw new AssertionError("no answer to the upgrade request", e);
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(partial.toString());
      partial.setLength(0);
    }
    more(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    more(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    more(webSocket); // the JDK has already queued the pong
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    more(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null; // the JDK answers the close frame
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(DROPPED);
  }

  private void more(WebSocket webSocket) {
    if (!paused) {
      webSocket.request(1);
    }
  }

  public void send(String frame) {
    socket.sendText(frame, true).join();
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /**
   * Sends a SEND frame again until its receipt is not "not online", and returns that receipt.
   * The hub registers a connection just after its upgrade completes, so a receiver that has
   * just connected may not be there for the first try.
   */
  public String sendUntilOnline(String frame) {
    String receipt;
    int tries = 0;
    do {
      send(frame);
      receipt = nextFrame();
    } while (receipt.contains("\"content\":\"not online\"") && ++tries < 1_000);
    return receipt;
  }

  public String nextFrame() {
    try {
      String frame = frames.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        fail("no frame arrived within " + PATIENCE);
      }
      return frame;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** A frame that is already there, or null. */
  public String pollFrame(long millis) throws InterruptedException {
    return frames.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Waits for the close and returns its code ({@link #DROPPED} if there was no close frame). */
  public int awaitClose() {
    try {
      return closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("the connection was not closed within " + PATIENCE, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    socket.request(1);
  }

  /** Closes from the client's side and waits for the server's answer. */
  public void closeAndWait() {
    if (closed.isDone()) {
      return;
    }
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    } catch (CompletionException e) {
      socket.abort();
      return;
    }
    try {
      closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      socket.abort();
    }
  }

  public void abort() {
    socket.abort();
  }

  public static void assertOpen(WsClient client) {
    assertThat(client.isClosed()).as("connection open").isFalse();
  }
}
