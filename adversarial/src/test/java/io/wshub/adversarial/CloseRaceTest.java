package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closes are reported with their true reason: messages that reach a connection while it is
 * closing (its client sent CLOSE, or a close frame) are "not online" for their senders, never a
 * queue overflow, so no listener and no counter sees a false 1013.
 */
class CloseRaceTest {

  @ParameterizedTest
  @EnumSource(Stack.class)
  void messagesToAConnectionThatIsClosingNeverCountAsASlowConsumer(Stack stack) {
    try (Stack.Served served = stack.serve(Stack.chat()); Wire wire = new Wire()) {
      List<WireClient> senders = new ArrayList<>();
      for (long id = 1; id <= 3; id++) {
        senders.add(wire.connect(served.uri(id)));
        served.events.awaitConnect(id);
      }
      int rounds = 20;
      long notOnline = 0;
      for (int round = 0; round < rounds; round++) {
        long target = 100 + round;
        WireClient closing = wire.connect(served.uri(target));
        served.events.awaitConnect(target);
        List<String> stream = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          stream.add(V1.send(target, "round " + round + " #" + i));
        }
        byte[] burst = V1.burst(stream);
        for (WireClient sender : senders) {
          sender.sendRaw(burst); // 600 messages on their way, and meanwhile the target leaves
        }
        if (round % 2 == 0) {
          closing.send("{\"type\":4}");
        } else {
          closing.close(CloseCodes.NORMAL, "bye");
        }
        Events.Disconnect closed = served.events.awaitDisconnect(target);
        assertThat(closed.code()).as("round %d", round).isEqualTo(CloseCodes.NORMAL);
        for (WireClient sender : senders) {
          for (int i = 0; i < 200; i++) {
            String receipt = sender.nextText();
            assertThat(V1.isSuccess(receipt) || V1.isNotOnline(receipt)).as(receipt).isTrue();
            notOnline += V1.isNotOnline(receipt) ? 1 : 0;
          }
        }
      }
      // How many messages came after the close varies from run to run; what may not vary is below.
      System.out.printf("%s: %d of %d messages found their receiver gone or closing%n", stack, notOnline, rounds * 600);
      assertThat(served.events.count(CloseCodes.TRY_AGAIN_LATER)).isZero();
      assertThat(served.stats().slowConsumerCloses()).isZero();
      assertThat(served.events.disconnects).hasSize(rounds);
      senders.forEach(sender -> assertThat(sender.isOpen()).isTrue());
    }
  }
}
