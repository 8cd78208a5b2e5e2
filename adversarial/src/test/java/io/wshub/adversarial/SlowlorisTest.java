package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A slowloris (a request head trickled a byte at a time, each byte in time for any per-read
 * timeout) is dropped by {@code hub-server}'s deadline for the whole handshake, so enough of them
 * cannot hold the file-descriptor budget; meanwhile real clients connect and talk. In a servlet
 * container the handshake is the container's: Jetty's and Tomcat's connectors time out an idle
 * read, not a slow request, so there the deadline is their configuration, not the hub's.
 */
class SlowlorisTest {

  private static final String HEAD = "GET /ws/7 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  @Test
  void handshakesTrickledAByteAtATimeAreDroppedAtTheHandshakeDeadline() throws Exception {
    int sockets = 40;
    ExecutorService trickle = Executors.newFixedThreadPool(sockets);
    try (Stack.Served served = Stack.HUB_SERVER.serve(Stack.chat(), Duration.ofSeconds(1)); Wire wire = new Wire()) {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int i = 0; i < sockets; i++) {
        sent.add(trickle.submit(() -> trickleUntilDropped(served.port)));
      }

      WireClient alice = wire.connect(served.uri(1));
      WireClient bob = wire.connect(served.uri(2));
      served.events.awaitConnect(2);
      alice.send(V1.send(2, "served beside the slow handshakes"));
      assertThat(bob.nextText()).contains("served beside the slow handshakes");

      byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
      for (Future<Integer> bytes : sent) {
        assertThat(bytes.get(Wire.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("bytes sent before the drop")
            .isLessThan(head.length);
      }
      assertThat(served.events.connects.get()).as("no slowloris was registered").isEqualTo(2);
    } finally {
      trickle.shutdownNow();
    }
  }

  /** Sends the head a byte every 50 ms (it would take 8 s) until the server drops the socket; returns the bytes sent. */
  private static int trickleUntilDropped(int port) throws IOException, InterruptedException {
    byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(50);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < head.length; i++) {
        try {
          in.read(); // -1 once dropped; any answer at all means it was not kept waiting either
          return i;
        } catch (SocketTimeoutException stillOpen) {
          // no answer yet: send the next byte
        } catch (SocketException reset) {
          return i;
        }
        try {
          out.write(head[i]);
          out.flush();
        } catch (SocketException reset) {
          return i;
        }
      }
      return head.length;
    }
  }
}
