package io.wshub.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code wshub.d.ts}, the TypeScript types users get beside {@code wshub.js}, declares what the
 * module has: every export, every JSDoc type and every method of the client. It is made from the
 * module's JSDoc by the TypeScript compiler (the command is in the README, "In the browser"); this
 * test fails when the module changed what it offers and the types were not made again. That the
 * types themselves are right is the compiler's part; the browser test runs the module.
 */
class WshubTypesTest {

  private static final Path STATIC = Path.of("src/main/resources/static");

  private static final Pattern JS_EXPORT = Pattern.compile("^export (?:function|const|class) (\\w+)", Pattern.MULTILINE);
  private static final Pattern DTS_EXPORT = Pattern.compile("^export (?:function|const|class|type) (\\w+)", Pattern.MULTILINE);
  private static final Pattern JS_TYPEDEF = Pattern.compile("@typedef \\{.*?\\} (\\w+)", Pattern.DOTALL);
  /** A method of the class: two spaces in, a name (or get NAME) and its parameters. */
  private static final Pattern JS_METHOD = Pattern.compile("^  (?:get )?(\\w+)\\([^)]*\\) \\{", Pattern.MULTILINE);

  @Test
  void theTypesDeclareEveryExportOfTheModule() throws IOException {
    Set<String> exported = names(JS_EXPORT, module());

    assertThat(exported).as("wshub.js's exports").contains("connect", "WshubClient", "Type");
    assertThat(names(DTS_EXPORT, types())).containsAll(exported);
  }

  @Test
  void theTypesDeclareEveryTypeTheModuleDocuments() throws IOException {
    Set<String> documented = names(JS_TYPEDEF, module());

    assertThat(documented).as("wshub.js's JSDoc types").contains("Options", "Message", "CloseEvent");
    assertThat(names(DTS_EXPORT, types())).containsAll(documented);
  }

  @Test
  void theTypesDeclareEveryMethodOfTheClient() throws IOException {
    Set<String> methods = names(JS_METHOD, module());
    methods.remove("constructor");
    String types = types();

    assertThat(methods).as("WshubClient's methods").contains("send", "join", "members", "close");
    for (String method : methods) {
      assertThat(types).as("wshub.d.ts declares " + method)
          .containsPattern("(?m)^    (?:private |get )?" + method + "[(<;]"); // not a property such as members?:
    }
  }

  private static String module() throws IOException {
    return Files.readString(STATIC.resolve("wshub.js"));
  }

  private static String types() throws IOException {
    return Files.readString(STATIC.resolve("wshub.d.ts"));
  }

  private static Set<String> names(Pattern pattern, String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
