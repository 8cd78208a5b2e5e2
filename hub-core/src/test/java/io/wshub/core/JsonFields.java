package io.wshub.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level fields of a JSON object as the fuzz tests compare them: each name with its value
 * written as a canonical token list, so that two frames that say the same thing in different
 * spacing compare equal. Read with Jackson's tokens, not with the codec under test.
 */
final class JsonFields {

  private static final JsonFactory JSON = new JsonFactory();

  record Field(String name, String value) {}

  private JsonFields() {}

  /** The fields of {@code frame}, in order; fails if it is not exactly one JSON object. */
  static List<Field> of(String frame) {
    try (JsonParser p = JSON.createParser(frame)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new AssertionError("not a JSON object: " + frame);
      }
      List<Field> fields = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        fields.add(new Field(name, value(p)));
      }
      if (p.nextToken() != null) {
        throw new AssertionError("more than one JSON value: " + frame);
      }
      return fields;
    } catch (IOException e) {
      throw new AssertionError("not valid JSON (" + e.getMessage() + "): " + frame, e);
    }
  }

  /** The value of the one top-level field {@code name}, or null if absent; fails if it is there twice. */
  static String value(String frame, String name) {
    String found = null;
    for (Field field : of(frame)) {
      if (field.name().equals(name)) {
        if (found != null) {
          throw new AssertionError("\"" + name + "\" twice in " + frame);
        }
        found = field.value();
      }
    }
    return found;
  }

  /** The current value, nested ones whole, as tokens: {@code [1,"a",{"k":null}]} is {@code [ 1 "a" { k: null } ]}. */
  private static String value(JsonParser p) throws IOException {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    do {
      JsonToken token = p.currentToken();
      switch (token) {
        case START_OBJECT -> { out.append("{ "); depth++; }
        case START_ARRAY -> { out.append("[ "); depth++; }
        case END_OBJECT -> { out.append("} "); depth--; }
        case END_ARRAY -> { out.append("] "); depth--; }
        case FIELD_NAME -> out.append(FuzzFrames.quoted(p.currentName())).append(": ");
        case VALUE_STRING -> out.append(FuzzFrames.quoted(p.getText())).append(' ');
        default -> out.append(p.getText()).append(' ');
      }
    } while (depth > 0 && p.nextToken() != null);
    return out.toString().trim();
  }
}
