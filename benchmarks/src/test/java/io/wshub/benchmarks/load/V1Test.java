package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class V1Test {

  @Test
  void readsTheFieldsOfAForwardedMessage() {
    String forwarded = "{\"type\":1,\"sender\":7,\"receiver\":42,\"content\":\"" + V1.stamp(12, -5_000L) + "\"}";

    assertThat(V1.number(forwarded, "type", -1)).isEqualTo(V1.SEND);
    assertThat(V1.number(forwarded, "receiver", -1)).isEqualTo(42);
    assertThat(V1.stampSeq(forwarded)).isEqualTo(12);
    assertThat(V1.stampNanos(forwarded)).isEqualTo(-5_000L); // System.nanoTime may be negative
  }

  @Test
  void readsAReceiptWrittenWithSpaces() {
    String receipt = "{\"type\": 2, \"sender\": 0, \"receiver\": 3, \"content\": \"not online\"}";

    assertThat(V1.number(receipt, "type", -1)).isEqualTo(V1.SYSTEM);
    assertThat(V1.string(receipt, "content")).isEqualTo(V1.NOT_ONLINE);
    assertThat(V1.stampSeq(receipt)).isEqualTo(-1);
  }

  @Test
  void aReceiptAnswersForItsReceiverAndAnErrorReplyForTheMessageItNames() {
    assertThat(V1.receiptReceiver("{\"type\":2,\"sender\":0,\"receiver\":3,\"content\":\"success send\"}", -1))
        .isEqualTo(3);
    // A cluster's error reply is addressed to the sender (1) and names the message's receiver (2).
    assertThat(V1.receiptReceiver("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: cluster unavailable: "
        + "no receipt for the message to 2 (it may have been delivered: Command timed out after 2 second(s))\"}", -1)).isEqualTo(2);
    assertThat(V1.receiptReceiver("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: not JSON\"}", -1))
        .isEqualTo(1);
  }

  @Test
  void missingFieldsAreReportedAsMissing() {
    assertThat(V1.number("{\"content\":\"x\"}", "type", -1)).isEqualTo(-1);
    assertThat(V1.string("{\"type\":2}", "content")).isNull();
  }

  @Test
  void writesTheFramesOfProtocolV1() {
    assertThat(V1.send(5, "hi")).isEqualTo("{\"type\":1,\"receiver\":5,\"content\":\"hi\"}");
    assertThat(V1.broadcast("hi")).isEqualTo("{\"type\":3,\"content\":\"hi\"}");
  }
}
