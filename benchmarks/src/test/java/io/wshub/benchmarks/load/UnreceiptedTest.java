package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Receipts are booked to the message they answer, even when one passes another. */
class UnreceiptedTest {

  @Test
  void aReceiptGoesToTheOldestMessageToTheReceiverItNames() {
    Unreceipted unreceipted = new Unreceipted(3);
    unreceipted.sent(0, 10, 1);
    unreceipted.sent(0, 11, 2);
    unreceipted.sent(0, 12, 1);

    // The receipt for the message to 2 came first (from another node, say): it is 11's, not 10's.
    assertThat(unreceipted.receipted(0, 2)).isEqualTo(11);
    assertThat(unreceipted.receipted(0, 1)).isEqualTo(10);
    assertThat(unreceipted.receipted(0, 1)).isEqualTo(12);
    assertThat(unreceipted.receipted(0, 1)).isEqualTo(-1);
  }

  @Test
  void aReceiptNamingNoReceiverOfOursGoesToTheOldestMessage() {
    Unreceipted unreceipted = new Unreceipted(2);
    unreceipted.sent(1, 5, 0);
    unreceipted.sent(1, 6, 0);

    assertThat(unreceipted.receipted(1, -1)).as("an error reply names the sender, not a receiver").isEqualTo(5);
    assertThat(unreceipted.receipted(0, 1)).as("client 0 sent nothing").isEqualTo(-1);
  }
}
