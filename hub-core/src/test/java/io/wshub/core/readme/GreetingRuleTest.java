// README:test-kit:begin
package io.wshub.core.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.Message;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GreetingRuleTest {

  static final int GREET = 10; // our own message type

  // The rule under test: greet someone by id, and tell the greeter whether it arrived.
  final TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(GREET, (message, context) -> {
    boolean delivered = context.send(message.receiver(),
        Message.of(GREET, context.sender(), message.receiver(), "hello from " + context.sender()));
    context.receipt(message.receiver(), delivered);
  }));

  @Test
  void greetsAConnectedClientAndReceiptsTheGreeter() {
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    alice.send("{\"type\":10,\"receiver\":2}");

    assertThat(bob.frames()).containsExactly(
        "{\"type\":10,\"sender\":1,\"receiver\":2,\"content\":\"hello from 1\"}");
    assertThat(alice.frames()).containsExactly(
        "{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
  }

  @Test
  void silentClientsAreClosedAfterTheIdleTimeout() {
    TestClient<Long> bob = hub.connect(2L);

    hub.advance(Duration.ofSeconds(11)); // virtual time: the test takes microseconds

    assertThat(bob.closeCode()).hasValue(CloseCodes.GOING_AWAY);
  }
}
// README:test-kit:end
