package io.wshub.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of a routing rule of our own, through the test kit: the hub runs on the test's
 * thread with virtual time, clients are fakes that record what they receive. Each test takes
 * microseconds.
 */
class TypingNoticesTest {

  private final TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(TypingNotices.TYPE, new TypingNotices<>()));
  private final TestClient<Long> alice = hub.connect(1L);
  private final TestClient<Long> bob = hub.connect(2L);

  @Test
  void theReceiverSeesWhoIsTypingAndTheTypistGetsNoReceipt() {
    alice.send("{\"type\":9,\"receiver\":2}");

    assertThat(bob.frames()).containsExactly("{\"type\":9,\"sender\":1,\"receiver\":2,\"content\":\"typing\"}");
    assertThat(alice.frames()).isEmpty();
  }

  @Test
  void nobodyCanMakeItLookLikeSomeoneElseIsTyping() {
    TestClient<Long> mallory = hub.connect(6L);

    mallory.send("{\"type\":9,\"sender\":1,\"receiver\":2,\"content\":\"<script>\"}");

    assertThat(bob.frames()).containsExactly("{\"type\":9,\"sender\":6,\"receiver\":2,\"content\":\"typing\"}");
  }

  @Test
  void aNoticeToSomeoneOfflineIsNotDeliveredAndNotAnError() {
    alice.send("{\"type\":9,\"receiver\":99}");

    assertThat(alice.frames()).isEmpty();
    assertThat(hub.stats().errorReplies()).isZero();
  }

  @Test
  void aNoticeWithoutReceiverEarnsAnErrorReply() {
    alice.send("{\"type\":9}");

    assertThat(alice.frames()).containsExactly(
        "{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: a typing notice needs a \\\"receiver\\\"\"}");
  }

  @Test
  void theProtocolsOwnMessagesStillWorkBesideIt() {
    alice.send("{\"type\":9,\"receiver\":2}");
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}");

    assertThat(bob.frames()).containsExactly(
        "{\"type\":9,\"sender\":1,\"receiver\":2,\"content\":\"typing\"}",
        "{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
    assertThat(alice.frames()).containsExactly("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
  }

  @Test
  void aReceiverWhoStoppedReadingIsClosedWithoutStallingTheTypist() {
    TestClient<Long> carol = hub.connect(3L, new FakeClientPort(2));
    carol.stopReading();

    for (int i = 0; i < 3; i++) {
      alice.send("{\"type\":9,\"receiver\":3}");
    }

    assertThat(carol.closeCode()).as("queue of 2 overflowed").hasValue(1013);
    alice.send("{\"type\":9,\"receiver\":2}");
    assertThat(bob.frames()).hasSize(1);
  }
}
