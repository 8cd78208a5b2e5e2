package io.wshub.core;

import static io.wshub.core.readme.ReadmeSnippets.fenced;
import static io.wshub.core.readme.ReadmeSnippets.readme;
import static io.wshub.core.readme.ReadmeSnippets.region;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's test-kit example is {@link io.wshub.core.readme.GreetingRuleTest}, and its rooms
 * snippet a region of {@link io.wshub.core.readme.RoomsExampleTest}, to the letter.
 */
class ReadmeExampleTest {

  @Test
  void theReadmeShowsTheExampleTestAsItCompilesAndRuns() {
    String example = region(Path.of("src/test/java/io/wshub/core/readme/GreetingRuleTest.java"), "test-kit");

    assertThat(readme()).contains(fenced("java", example));
  }

  @Test
  void theReadmeShowsTheRoomsSnippetAsItCompilesAndRuns() {
    String rooms = region(Path.of("src/test/java/io/wshub/core/readme/RoomsExampleTest.java"), "rooms");

    assertThat(readme()).contains(fenced("java", rooms));
  }
}
