package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.HubStats;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that stops reading is a slow consumer: closed with 1013 once its queue is full, while
 * everyone else carries on, and no receipt lied about it: every "success send" it was given was
 * either written to it (it reads them once it reads again) or counted in
 * {@code stats().framesDropped()}; the message that found the queue full got "not online".
 */
class SlowConsumerTest {

  @ParameterizedTest
  @EnumSource(Stack.class)
  void aClientThatStopsReadingIsClosed1013AndEverySuccessSendForItWasWrittenOrCounted(Stack stack) {
    try (Stack.Served served = stack.serve(Stack.chat()); Wire wire = new Wire()) {
      WireClient sender = wire.connect(served.uri(1));
      AtomicLong received = new AtomicLong();
      WireClient slow = wire.connect(served.uri(2), (client, text) -> received.incrementAndGet());
      WireClient bystander = wire.connect(served.uri(3));
      for (long id = 1; id <= 3; id++) {
        served.events.awaitConnect(id);
      }
      slow.stopReading();

      String filler = "z".repeat(3_000);
      long successes = 0;
      String receipt;
      do {
        sender.send(V1.send(2, filler));
        receipt = sender.nextText();
        if (V1.isSuccess(receipt)) {
          successes++;
        }
      } while (V1.isSuccess(receipt) && successes < 100_000);

      assertThat(receipt).as("the message that found the queue full").isEqualTo(V1.notOnline(2));
      Events.Disconnect closed = served.events.awaitDisconnect(2);
      assertThat(closed.code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
      assertThat(closed.reason()).startsWith("slow consumer");
      sender.send(V1.send(3, "the others carry on"));
      assertThat(bystander.nextText()).contains("the others carry on");
      assertThat(sender.nextText()).isEqualTo(V1.success(3));

      slow.resumeReading(); // what was written to it, then its close
      WireClient.Close end = slow.awaitClose();
      assertThat(end.code()).isIn(CloseCodes.TRY_AGAIN_LATER, WireClient.DROPPED);
      HubStats stats = served.stats();
      System.out.printf("%s: %d success send, %d written and read, %d counted as dropped%n",
          stack, successes, received.get(), stats.framesDropped());
      assertThat(received.get()).as("nothing arrived that was not receipted").isLessThanOrEqualTo(successes);
      assertThat(received.get() + stats.framesDropped()).as("every success send written or counted")
          .isGreaterThanOrEqualTo(successes);
      assertThat(stats.slowConsumerCloses()).isEqualTo(1);
      assertThat(sender.isOpen()).isTrue();
      assertThat(bystander.isOpen()).isTrue();
    }
  }
}
