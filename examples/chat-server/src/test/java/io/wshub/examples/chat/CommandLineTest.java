package io.wshub.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void redisJoinsAClusterAndAnythingButARedisUriIsRefused() {
    assertThat(CommandLine.parse("--redis", "redis://127.0.0.1:6379").redis()).isEqualTo("redis://127.0.0.1:6379");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandLine.parse("--redis", "127.0.0.1:6379"))
        .hasMessageContaining("--redis must be a Redis URI such as redis://127.0.0.1:6379");
  }

  @Test
  void defaultsToThisMachineOnPort8080() {
    assertThat(CommandLine.parse()).isEqualTo(new CommandLine("127.0.0.1", 8080, 0, null, false));
  }

  @Test
  void takesPortAndHostInEitherSpelling() {
    assertThat(CommandLine.parse("--port", "9090", "--host", "0.0.0.0"))
        .isEqualTo(new CommandLine("0.0.0.0", 9090, 0, null, false));
    assertThat(CommandLine.parse("--host=::1", "--port=0"))
        .isEqualTo(new CommandLine("::1", 0, 0, null, false));
  }

  @Test
  void takesARateLimitInMessagesASecond() {
    assertThat(CommandLine.parse("--rate-limit", "20").rateLimit()).isEqualTo(20);
    assertThat(CommandLine.parse("--rate-limit=5", "--port", "0")).isEqualTo(new CommandLine("127.0.0.1", 0, 5, null, false));
    assertThatThrownBy(() -> CommandLine.parse("--rate-limit", "0"))
        .hasMessage("--rate-limit must be a number of messages a second, at least 1, not \"0\"");
    assertThatThrownBy(() -> CommandLine.parse("--rate-limit")).hasMessage("--rate-limit needs a value");
  }

  @Test
  void helpWins() {
    assertThat(CommandLine.parse("--port", "1", "--help").help()).isTrue();
    assertThat(CommandLine.parse("-h").help()).isTrue();
  }

  @Test
  void explainsWhatIsWrong() {
    assertThatThrownBy(() -> CommandLine.parse("--port", "http"))
        .hasMessage("--port must be a number from 0 to 65535, not \"http\"");
    assertThatThrownBy(() -> CommandLine.parse("--port", "65536"))
        .hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> CommandLine.parse("--port")).hasMessage("--port needs a value");
    assertThatThrownBy(() -> CommandLine.parse("--port", "--host", "x")).hasMessage("--port needs a value");
    assertThatThrownBy(() -> CommandLine.parse("--host=")).hasMessage("--host must not be empty");
    assertThatThrownBy(() -> CommandLine.parse("8080")).hasMessage("unknown argument \"8080\"");
  }
}
