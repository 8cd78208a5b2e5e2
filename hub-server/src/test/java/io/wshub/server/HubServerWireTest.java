package io.wshub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.HubStats;
import io.wshub.jakarta.HubEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 6455 as hub-server reads and writes it, byte by byte: what a careless or hostile client sends. */
class HubServerWireTest {

  private final HubEvents events = new HubEvents();
  private Hub<Long> hub;
  private HubServer server;

  @BeforeEach
  void start() throws IOException {
    hub = Hub.<Long>builder().listener(events).build();
    server = HubServer.forHub(hub).host("127.0.0.1").port(0).staticFiles("site")
        .handshakeTimeout(Duration.ofMillis(300)).start();
  }

  @AfterEach
  void stop() {
    hub.close();
    server.close();
  }

  @Test
  void aTextMessageInFragmentsArrivesWhole() throws IOException {
    try (RawClient alice = RawClient.upgraded(server.port(), "/ws/1")) {
      events.awaitConnect(1);
      byte[] message = "{\"type\":1,\"receiver\":9,\"content\":\"in parts\"}".getBytes(StandardCharsets.UTF_8);
      alice.frame(false, 1, java.util.Arrays.copyOfRange(message, 0, 10), true);
      alice.frame(true, 9, new byte[] {7}, true); // a ping may come between fragments
      alice.frame(false, 0, java.util.Arrays.copyOfRange(message, 10, 20), true);
      alice.frame(true, 0, java.util.Arrays.copyOfRange(message, 20, message.length), true);

      RawClient.Frame pong = alice.next();
      assertThat(pong.opcode()).isEqualTo(10);
      assertThat(pong.payload()).containsExactly(7);
      assertThat(alice.next().text()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":9,\"content\":\"not online\"}");
    }
  }

  @Test
  void anUpgradeInPiecesAndAFrameRightBehindItAreBothRead() throws IOException {
    try (RawClient alice = new RawClient(server.port())) {
      String upgrade = RawClient.upgrade("/ws/1", "13");
      String firstPart = upgrade.substring(0, upgrade.length() - 3);
      for (int i = 0; i < firstPart.length(); i++) {
        alice.write(firstPart.substring(i, i + 1)); // the server reads it in as many pieces as it likes
      }
      byte[] frame = "{\"type\":1,\"receiver\":9,\"content\":\"at once\"}".getBytes(StandardCharsets.UTF_8);
      byte[] tail = upgrade.substring(upgrade.length() - 3).getBytes(StandardCharsets.ISO_8859_1);
      byte[] encoded = RawClient.encode(true, 1, frame, true);
      byte[] together = java.util.Arrays.copyOf(tail, tail.length + encoded.length);
      System.arraycopy(encoded, 0, together, tail.length, encoded.length);
      alice.write(together); // the head's end and the first frame in one write

      assertThat(alice.readHead()).startsWith("HTTP/1.1 101").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      assertThat(alice.next().text()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":9,\"content\":\"not online\"}");
    }
  }

  @Test
  void anUnmaskedFrameIsAProtocolError() throws Exception {
    try (RawClient alice = RawClient.upgraded(server.port(), "/ws/1")) {
      events.awaitConnect(1);
      alice.frame(true, 1, "{}".getBytes(StandardCharsets.UTF_8), false);

      RawClient.Frame close = alice.next();
      assertThat(close.opcode()).isEqualTo(8);
      assertThat(close.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
      assertThat(alice.endedByServer()).isTrue();
    }
    assertThat(events.awaitDisconnect(1)).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    HubStats stats = hub.stats().get(10, TimeUnit.SECONDS);
    assertThat(stats.protocolErrors()).isEqualTo(1);
    assertThat(stats.connections()).isZero();
  }

  @Test
  void textThatIsNotUtf8Gets1007() throws IOException {
    try (RawClient alice = RawClient.upgraded(server.port(), "/ws/1")) {
      events.awaitConnect(1);
      alice.frame(true, 1, RawClient.bytes('{', 0xC3, 0x28, '}'), true);

      assertThat(alice.next().closeCode()).isEqualTo(1007);
    }
  }

  @Test
  void aFrameOverTheLimitIsRefusedFromItsHeaderWith1009() throws IOException {
    try (RawClient alice = RawClient.upgraded(server.port(), "/ws/1")) {
      events.awaitConnect(1);
      alice.frame(true, 1, new byte[513], true);

      assertThat(alice.next().closeCode()).isEqualTo(CloseCodes.TOO_BIG);
    }
  }

  @Test
  void theClientsCloseIsAnsweredWithItsCodeAndTheHubHearsIt() throws IOException {
    try (RawClient alice = RawClient.upgraded(server.port(), "/ws/1")) {
      events.awaitConnect(1);
      alice.frame(true, 8, RawClient.bytes(0x0F, 0xA0, 'b', 'y', 'e'), true); // 4000, "bye"

      RawClient.Frame close = alice.next();
      assertThat(close.opcode()).isEqualTo(8);
      assertThat(close.closeCode()).isEqualTo(4000);
      assertThat(alice.endedByServer()).isTrue();
    }
    assertThat(events.awaitDisconnect(1)).isEqualTo(4000);
  }

  @Test
  void aClientThatNeverFinishesItsUpgradeIsDroppedAfterTheHandshakeTimeout() throws IOException {
    try (RawClient slow = new RawClient(server.port())) {
      slow.write("GET /ws/1 HTTP/1.1\r\nHost: loc");

      assertThat(slow.endedByServer()).isTrue();
    }
  }

  @Test
  void anOldProtocolVersionGets426NamingVersion13() throws IOException {
    try (RawClient old = new RawClient(server.port())) {
      old.write(RawClient.upgrade("/ws/1", "8"));

      String head = old.readHead();
      assertThat(head).startsWith("HTTP/1.1 426").contains("Sec-WebSocket-Version: 13");
      assertThat(old.endedByServer()).isTrue();
    }
  }

  @Test
  void aRequestHeadOver8KiBGets431() throws IOException {
    try (RawClient big = new RawClient(server.port())) {
      big.write("GET /ws/1 HTTP/1.1\r\nX-Padding: " + "x".repeat(9000));

      assertThat(big.readHead()).startsWith("HTTP/1.1 431");
    }
  }

  @Test
  void pagesAreServedAndThePlainGetOfTheHubPathIsTold426() throws IOException {
    try (RawClient browser = new RawClient(server.port())) {
      browser.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      String response = new String(browser.readToEnd(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200").contains("Content-Type: text/html; charset=utf-8")
          .contains("<title>hub page</title>").contains("é");
    }
    try (RawClient browser = new RawClient(server.port())) {
      browser.write("GET /../secret HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(browser.readHead()).startsWith("HTTP/1.1 404");
    }
    try (RawClient curl = new RawClient(server.port())) {
      curl.write("GET /ws/1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(curl.readHead()).startsWith("HTTP/1.1 426");
    }
  }
}
