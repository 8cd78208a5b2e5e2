package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bursts are not slow consumers: a receiver that reads promptly is never closed by what others
 * send it, however fast they send, as long as it fits its queue (512 KiB); nothing is lost, every
 * receipt is "success send", and one sender's messages arrive in the order sent.
 */
class BurstTest {

  @ParameterizedTest
  @EnumSource(Stack.class)
  void aThousandMessagesOfAHundredBytesAtOnceReachAPromptReaderAllReceiptedInOrder(Stack stack) {
    try (Stack.Served served = stack.serve(Stack.chat()); Wire wire = new Wire()) {
      WireClient alice = wire.connect(served.uri(1));
      WireClient bob = wire.connect(served.uri(2));
      served.events.awaitConnect(1);
      served.events.awaitConnect(2);

      List<String> burst = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        burst.add(V1.send(2, String.format("%04d", i) + "x".repeat(60))); // 100 bytes each
      }
      assertThat(burst.get(0)).hasSize(100);
      alice.sendRaw(V1.burst(burst)); // 100 KB in one write: on the wire well within 20 ms

      for (int i = 0; i < 1_000; i++) {
        assertThat(bob.nextText()).as("message %d", i).contains("\"content\":\"" + String.format("%04d", i));
        assertThat(alice.nextText()).isEqualTo(V1.success(2));
      }
      assertThat(alice.isOpen()).isTrue();
      assertThat(bob.isOpen()).isTrue();
      assertThat(served.events.disconnects).isEmpty();
      assertThat(served.stats().successReceipts()).isEqualTo(1_000);
    }
  }

  @ParameterizedTest
  @EnumSource(Stack.class)
  void tenSendersOfSixtyAtOnceToOneReaderCloseNobodyAndEveryMessageArrives(Stack stack) {
    try (Stack.Served served = stack.serve(Stack.chat()); Wire wire = new Wire()) {
      WireClient reader = wire.connect(served.uri(100));
      served.events.awaitConnect(100);
      List<WireClient> senders = new ArrayList<>();
      for (long id = 1; id <= 10; id++) {
        senders.add(wire.connect(served.uri(id)));
        served.events.awaitConnect(id);
      }
      List<byte[]> bursts = new ArrayList<>();
      for (int s = 0; s < 10; s++) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          texts.add(V1.send(100, "from " + (s + 1) + " #" + String.format("%02d", i) + " " + "y".repeat(300)));
        }
        bursts.add(V1.burst(texts));
      }
      for (int s = 0; s < 10; s++) {
        senders.get(s).sendRaw(bursts.get(s)); // all ten at once
      }

      int[] next = new int[11];
      for (int n = 0; n < 600; n++) {
        String text = reader.nextText();
        int from = Integer.parseInt(text.substring(text.indexOf("\"sender\":") + 9, text.indexOf(',', text.indexOf("\"sender\":"))));
        assertThat(text).as("from %d in order", from).contains("from " + from + " #" + String.format("%02d", next[from]++) + " ");
      }
      for (WireClient sender : senders) {
        for (int i = 0; i < 60; i++) {
          assertThat(sender.nextText()).isEqualTo(V1.success(100));
        }
      }
      assertThat(reader.isOpen()).isTrue();
      assertThat(served.events.disconnects).isEmpty();
      assertThat(served.stats().slowConsumerCloses()).isZero();
    }
  }
}
