package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerTest {

  final Ledger ledger = new Ledger(10);

  @Test
  void anAcceptedMessageNeverDeliveredIsLost() {
    int delivered = ledger.send();
    int lost = ledger.send();
    ledger.receipted(delivered, true);
    ledger.delivered(delivered);
    ledger.receipted(lost, true);

    Ledger.Counts counts = ledger.count();

    assertThat(counts.sent()).isEqualTo(2);
    assertThat(counts.accepted()).isEqualTo(2);
    assertThat(counts.delivered()).isEqualTo(1);
    assertThat(counts.lost()).isEqualTo(1);
    assertThat(ledger.settled()).isFalse();
  }

  @Test
  void notOnlineIsNotLost() {
    int seq = ledger.send();
    ledger.receipted(seq, false);

    Ledger.Counts counts = ledger.count();

    assertThat(counts.notOnline()).isEqualTo(1);
    assertThat(counts.lost()).isZero();
    assertThat(ledger.settled()).isTrue();
  }

  @Test
  void aDeliveryMayOvertakeItsReceipt() {
    int seq = ledger.send();
    ledger.delivered(seq); // the receiver's socket was faster than the sender's
    assertThat(ledger.settled()).isFalse(); // still waiting for the receipt
    ledger.receipted(seq, true);

    assertThat(ledger.count().lost()).isZero();
    assertThat(ledger.settled()).isTrue();
  }

  @Test
  void unreceiptedDuplicatesAndStraysAreCountedApart() {
    int seq = ledger.send();
    ledger.send();
    ledger.delivered(seq);
    ledger.delivered(seq);
    ledger.delivered(9); // never sent
    ledger.delivered(-1);

    Ledger.Counts counts = ledger.count();

    assertThat(counts.unreceipted()).isEqualTo(2);
    assertThat(counts.delivered()).isEqualTo(1);
    assertThat(counts.duplicates()).isEqualTo(1);
    assertThat(counts.strays()).isEqualTo(2);
    assertThat(ledger.deliveries()).isEqualTo(1);
  }

  @Test
  void aDeliveryWithoutAReceiptOrAgainstNotOnlineIsCountedApart() {
    int unreceipted = ledger.send();
    int notOnline = ledger.send();
    ledger.delivered(unreceipted);
    ledger.receipted(notOnline, false);
    ledger.delivered(notOnline);

    Ledger.Counts counts = ledger.count();

    assertThat(counts.deliveredUnreceipted()).isEqualTo(1);
    assertThat(counts.deliveredNotOnline()).isEqualTo(1);
    assertThat(counts.lost()).isZero();
  }

  @Test
  void aFullLedgerRefusesNewMessages() {
    Ledger small = new Ledger(1);

    assertThat(small.send()).isZero();
    assertThat(small.send()).isEqualTo(-1);
    assertThat(small.sent()).isEqualTo(1);
  }
}
