package io.wshub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Builder misuse fails where it is made, with a message that says what to do. */
class RedisBackplaneBuilderTest {

  @Test
  void aNodeTtlOutsideThreeToFourteenSecondsIsRefusedBecauseADeadNodesRoomsMustBeToldWithinFifteen() {
    RedisBackplane.Builder builder = RedisBackplane.builder("redis://127.0.0.1:6379");
    assertThat(builder.nodeTtl(Duration.ofSeconds(3)).nodeTtl(Duration.ofSeconds(14))).isSameAs(builder);
    assertThatThrownBy(() -> builder.nodeTtl(Duration.ofSeconds(15)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nodeTtl must be 3 s to 14 s, got PT15S (a dead node's rooms are told who left within its TTL"
            + " and a second, at most 15 s)");
    assertThatThrownBy(() -> builder.nodeTtl(Duration.ofMillis(2999))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aUriThatIsNotARedisUriIsRefusedNamingIt() {
    assertThatThrownBy(() -> RedisBackplane.builder("http://localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Redis URI: \"http://localhost\"");
  }
}
