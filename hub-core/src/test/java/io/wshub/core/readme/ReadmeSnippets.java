package io.wshub.core.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keeps the README's code honest: a snippet there is a region of a test source, marked with
 * {@code // README:name:begin} and {@code // README:name:end}, and must appear in the README as a
 * fenced block, to the letter (indentation removed). Shared with the other modules' tests.
 */
public final class ReadmeSnippets {

  private ReadmeSnippets() {}

  /**
   * The region {@code name} of a source file, dedented.
   *
   * @param source the file
   * @param name the region's name
   * @return its lines, without their common indentation, each ending with a newline
   */
  public static String region(Path source, String name) {
    String text = read(source);
    String begin = "// README:" + name + ":begin\n";
    String end = "// README:" + name + ":end";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no region '" + name + "' in " + source);
    }
    from = from + begin.length();
    String region = text.substring(from, text.lastIndexOf('\n', to) + 1);
    int indent = region.lines().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    return Arrays.stream(region.split("\n", -1)).limit(region.split("\n", -1).length - 1)
        .map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
        .collect(Collectors.joining("\n", "", "\n"));
  }

  /**
   * The README at the repository's root, seen from a module's directory (where tests run).
   *
   * @return its text
   */
  public static String readme() {
    return read(Path.of("../README.md"));
  }

  /**
   * A fenced block as the README writes it.
   *
   * @param language the block's language, such as {@code java}
   * @param code the code, ending with a newline
   * @return the block
   */
  public static String fenced(String language, String code) {
    return "```" + language + "\n" + code + "```";
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
