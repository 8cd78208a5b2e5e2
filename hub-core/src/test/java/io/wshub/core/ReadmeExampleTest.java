package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's test-kit example is {@link io.wshub.core.readme.GreetingRuleTest}, to the letter. */
class ReadmeExampleTest {

  private static final String BEGIN = "// README:begin\n";
  private static final String END = "// README:end";

  @Test
  void theReadmeShowsTheExampleTestAsItCompilesAndRuns() throws IOException {
    String source = Files.readString(Path.of("src/test/java/io/wshub/core/readme/GreetingRuleTest.java"));
    String example = source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf(END));
    String readme = Files.readString(Path.of("../README.md"));

    assertThat(readme).contains("```java\n" + example + "```");
  }
}
