package io.wshub.core;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Frames for the fuzz tests: any text at all; messages as a client could write them, with every
 * field right or wrong (wrong types, huge numbers, duplicate keys, escaped names, invalid
 * surrogates, deep nesting, unknown fields); valid frames of every type with a few characters
 * broken; and frames just over or under the size limit. All shrink towards short, simple frames.
 */
final class FuzzFrames {

  /** The characters JSON is made of, so that random text is often almost a message. */
  private static final String JSON_CHARS = "{}[]\":,0123456789-+.eE \t\n\\utrefalsn";
  /** The rooms the tests' clients use, so that random frames often name a room that has members. */
  static final List<String> ROOMS = List.of("r", "lobby", "a", "b");

  private FuzzFrames() {}

  /** Everything the fuzz tests send: each kind often enough to matter. */
  static Arbitrary<String> frames() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, anyText()),
        Tuple.of(3, messages()),
        Tuple.of(4, validFrames()),
        Tuple.of(4, mutated(validFrames())),
        Tuple.of(1, nearTheLimit()));
  }

  /** Any text: every char (lone surrogates included), and text made of JSON's own characters. */
  static Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars(JSON_CHARS).ofMaxLength(60),
        Arbitraries.strings().all().ofMaxLength(600));
  }

  /** A valid message of one of the types 0 to 9, as a client of ids 1 to 5 would write it. */
  static Arbitrary<String> validFrames() {
    Arbitrary<String> sender = Arbitraries.of("", "\"sender\":1,", "\"sender\":2,", "\"sender\":null,");
    Arbitrary<String> receiver = Arbitraries.of("1", "2", "3", "4", "5");
    Arbitrary<String> room = Arbitraries.of(ROOMS).map(FuzzFrames::quoted);
    Arbitrary<String> content = contentValue();
    Arbitrary<String> extra = Arbitraries.of("", ",\"send\":1", ",\"x\":{\"sender\":9,\"y\":[1,[2]]}", ",\"members\":[7]");
    Arbitrary<String> body = Arbitraries.oneOf(
        Combinators.combine(receiver, content).as((r, c) -> "\"type\":1,\"receiver\":" + r + ",\"content\":" + c),
        content.map(c -> "\"type\":3,\"content\":" + c),
        Arbitraries.just("\"type\":4"),
        room.map(r -> "\"type\":5,\"room\":" + r),
        room.map(r -> "\"type\":6,\"room\":" + r),
        Combinators.combine(room, content).as((r, c) -> "\"type\":7,\"room\":" + r + ",\"content\":" + c),
        room.map(r -> "\"type\":8,\"room\":" + r),
        receiver.map(r -> "\"type\":8,\"receiver\":" + r),
        Arbitraries.of(0, 2, 9).map(t -> "\"type\":" + t + ",\"content\":\"x\""));
    return Combinators.combine(sender, body, extra).as((s, b, e) -> "{" + s + b + e + "}");
  }

  /** Objects of known and unknown fields, each value of the right kind or not, in any order. */
  static Arbitrary<String> messages() {
    Arbitrary<String> field = Arbitraries.frequencyOf(
        Tuple.of(4, typeValue().map(v -> "\"type\":" + v)),
        Tuple.of(2, idValue().map(v -> "\"sender\":" + v)),
        Tuple.of(3, idValue().map(v -> "\"receiver\":" + v)),
        Tuple.of(3, roomValue().map(v -> "\"room\":" + v)),
        Tuple.of(2, contentValue().map(v -> "\"content\":" + v)),
        Tuple.of(2, Combinators.combine(fieldName(), anyValue()).as((n, v) -> n + ":" + v)));
    Arbitrary<String> space = Arbitraries.of("", "", "", " ", "\n\t ", "\r\n");
    return Combinators.combine(field.list().ofMaxSize(5), space, space).as((fields, a, b) ->
        a + "{" + b + String.join("," + b, fields) + a + "}" + b);
  }

  private static Arbitrary<String> fieldName() {
    return Arbitraries.oneOf(
        Arbitraries.of("\"send\"", "\"members\"", "\"x\"", "\"\"", "\"\\u0074ype\"", "\"s\\u0065nder\"",
            "\"receiver \"", "\"Type\"", "\"content\""),
        Arbitraries.strings().all().ofMaxLength(8).map(FuzzFrames::quoted));
  }

  static Arbitrary<String> typeValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.integers().between(0, 10).map(String::valueOf)),
        Tuple.of(2, Arbitraries.of("-1", "-0", "2147483647", "2147483648", "-2147483649", "99999999999999999999",
            "1.0", "1e2", "0.5", "\"1\"", "null", "true", "[1]", "{}", "1".repeat(400))),
        Tuple.of(1, anyValue()));
  }

  static Arbitrary<String> idValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.integers().between(1, 5).map(String::valueOf)),
        Tuple.of(3, Arbitraries.of("0", "-0", "-1", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "1e0", "1.5", "\"1\"", "\"\"", "null", "true", "[]", "{\"id\":1}", "9".repeat(300))),
        Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30)
            .filter(s -> s.length() == 1 || s.charAt(0) != '0')),
        Tuple.of(1, anyValue()));
  }

  static Arbitrary<String> roomValue() {
    Arbitrary<String> validName = Arbitraries.strings()
        .withChars("abcxyzABC0129_.:-").ofMinLength(1).ofMaxLength(70); // 65 to 70: too long
    return Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.of(ROOMS).map(FuzzFrames::quoted)),
        Tuple.of(3, validName.map(FuzzFrames::quoted)),
        Tuple.of(2, Arbitraries.of("\"\"", "\"a b\"", "\"caf\u00e9\"", "\"\\u0072\"", "\"\\ud800\"", "\"\ud800\"",
            "\"r\\n\"", "\"/\"", "null", "5", "[\"r\"]", "{\"r\":1}", "true")),
        Tuple.of(1, anyValue()));
  }

  static Arbitrary<String> contentValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.strings().alpha().ofMaxLength(12).map(FuzzFrames::quoted)),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20).map(FuzzFrames::quoted)),
        Tuple.of(2, Arbitraries.of("\"\\u0000\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00x\"",
            "\"\ud83d\ude00\"", "\"\ud800\"", "\"\\\"\"", "\"\\\\\"", "\"\\q\"", "\"\\u12\"", "\"unterminated",
            "\"line\nbreak\"", "null", "1", "[\"hi\"]", "{\"text\":\"hi\"}")),
        Tuple.of(1, anyValue()));
  }

  /** Any JSON value, nested a little; now and then nested very deep, or not quite JSON. */
  static Arbitrary<String> anyValue() {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        Arbitraries.of("null", "true", "false", "0", "-1", "1e999", "-0.0", "1E-7", "NaN", "Infinity", "01", "+1",
            "\"\"", "tru", "'x'"),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.strings().ofMaxLength(6).map(FuzzFrames::quoted));
    Arbitrary<String> nested = Arbitraries.recursive(() -> scalar,
        inner -> Arbitraries.oneOf(
            inner.list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]"),
            inner.list().ofMaxSize(3).map(FuzzFrames::asObject)),
        0, 3);
    Arbitrary<String> deep = Arbitraries.integers().between(1, 300)
        .map(depth -> "[".repeat(depth) + "]".repeat(depth));
    return Arbitraries.frequencyOf(Tuple.of(8, nested), Tuple.of(1, deep));
  }

  private static String asObject(List<String> values) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ",").append("\"k").append(i % 2).append("\":").append(values.get(i));
    }
    return out.append('}').toString();
  }

  /**
   * Frames broken a little: characters deleted, inserted, replaced or repeated, the end cut off.
   * Most are no longer JSON, some are other messages, a few are still the same one.
   */
  static Arbitrary<String> mutated(Arbitrary<String> frames) {
    Arbitrary<Mutation> mutation = Combinators.combine(
        Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(0, 10_000),
        Arbitraries.integers().between(1, 12),
        Arbitraries.oneOf(Arbitraries.chars().with(JSON_CHARS.toCharArray()), Arbitraries.chars().all()))
        .as(Mutation::new);
    return Combinators.combine(frames, mutation.list().ofMinSize(1).ofMaxSize(3)).as((frame, mutations) -> {
      String out = frame;
      for (Mutation m : mutations) {
        out = m.apply(out);
      }
      return out;
    });
  }

  /** One edit of a frame, at a place given modulo its length. */
  record Mutation(int kind, int at, int length, char c) {
    String apply(String s) {
      int i = s.isEmpty() ? 0 : at % (s.length() + 1);
      int end = Math.min(s.length(), i + length);
      return switch (kind) {
        case 0 -> s.substring(0, i) + s.substring(end); // delete
        case 1 -> s.substring(0, i) + c + s.substring(i); // insert
        case 2 -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c; // replace
        case 3 -> s.substring(0, end) + s.substring(i); // repeat a piece
        case 4 -> s.substring(0, i); // cut off
        default -> s.substring(0, i) + String.valueOf(c).repeat(length) + s.substring(i); // a run of one char
      };
    }

    @Override
    public String toString() {
      return "Mutation[" + kind + " at " + at + " x" + length + " '" + c + "']";
    }
  }

  /**
   * Valid frames around the default limit of 512 UTF-8 bytes, padded with one-, two-, three- and
   * four-byte characters: some fit in their chars but not in their bytes.
   */
  static Arbitrary<String> nearTheLimit() {
    Arbitrary<String> pad = Arbitraries.of("x", "\u00e9", "\u20ac", "\ud83d\ude00");
    return Combinators.combine(Arbitraries.of("{\"type\":3,\"content\":\"", "{\"type\":1,\"receiver\":2,\"content\":\""),
        pad, Arbitraries.integers().between(-8, 8)).as((head, p, delta) -> {
          int bytes = p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
          int count = Math.max(0, (512 - head.length() - 2) / bytes + delta);
          return head + p.repeat(count) + "\"}";
        });
  }

  /** A JSON string of {@code text}: quotes, backslashes and control characters escaped, the rest as it is. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
