package io.wshub.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Protocol v1 JSON. Decoding reads the four known fields with Jackson's streaming parser and
 * remembers where {@code sender} stands, so that stamping the sender edits the client's text
 * in place rather than re-serialising it: unknown fields survive, and a frame whose sender is
 * already right is forwarded as the very same string.
 */
final class JsonMessageCodec<Id> implements MessageCodec<Id> {

  // Duplicate keys are refused: two "sender" or "receiver" fields would let different
  // parsers downstream disagree about who spoke to whom.
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final IdCodec<Id> ids;

  JsonMessageCodec(IdCodec<Id> ids) {
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  @Override
  public Message<Id> decode(String frame, Id from) {
    try (JsonParser p = JSON.createParser(frame)) {
      return decode(p, frame, from);
    } catch (JsonProcessingException e) {
      throw new InvalidFrameException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String does no I/O
    }
  }

  private Message<Id> decode(JsonParser p, String frame, Id from) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new InvalidFrameException("not valid JSON: the frame is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new InvalidFrameException("a message is a JSON object such as "
          + "{\"type\":1,\"receiver\":2,\"content\":\"hi\"}");
    }
    int objectStart = offset(p.currentTokenLocation().getCharOffset());
    int type = -1;
    boolean hasType = false;
    boolean hasSender = false;
    Id sender = null;
    Id receiver = null;
    String content = null;
    int senderStart = -1;
    int senderEnd = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "type" -> {
          type = readType(p, value);
          hasType = true;
        }
        case "sender" -> {
          hasSender = true;
          senderStart = offset(p.currentTokenLocation().getCharOffset());
          sender = readId(p, value, "sender");
          senderEnd = offset(p.currentLocation().getCharOffset());
        }
        case "receiver" -> receiver = readId(p, value, "receiver");
        case "content" -> content = readContent(p, value);
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new InvalidFrameException("unexpected content after the JSON object");
    }
    if (!hasType) {
      throw new InvalidFrameException("missing field \"type\"");
    }
    String forwarded;
    if (hasSender && from.equals(sender)) {
      forwarded = frame;
    } else if (hasSender) {
      forwarded = frame.substring(0, senderStart) + idJson(from) + frame.substring(senderEnd);
    } else {
      forwarded = frame.substring(0, objectStart + 1) + "\"sender\":" + idJson(from) + ","
          + frame.substring(objectStart + 1);
    }
    return new Message<>(type, from, receiver, content, forwarded);
  }

  private static int offset(long charOffset) {
    if (charOffset < 0) {
      throw new IllegalStateException("the JSON parser reported no character offset");
    }
    return (int) charOffset;
  }

  private static int readType(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidFrameException("field \"type\" must be an integer");
    }
    try {
      return p.getIntValue();
    } catch (InputCoercionException e) {
      throw new InvalidFrameException("field \"type\" is out of range");
    }
  }

  private Id readId(JsonParser p, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    JsonToken expected = ids.numeric() ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_STRING;
    if (value != expected) {
      throw new InvalidFrameException("field \"" + field + "\" must be "
          + (ids.numeric() ? "an integer id" : "a string id"));
    }
    try {
      return ids.parse(p.getText());
    } catch (IllegalArgumentException e) {
      throw new InvalidFrameException("field \"" + field + "\": " + e.getMessage());
    }
  }

  private static String readContent(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      default -> throw new InvalidFrameException("field \"content\" must be a string");
    };
  }

  @Override
  public String encode(Message<Id> message) {
    if (message.frame() != null) {
      return message.frame();
    }
    StringBuilder out = new StringBuilder(64);
    out.append("{\"type\":").append(message.type());
    if (message.sender() != null) {
      out.append(",\"sender\":");
      appendId(out, message.sender());
    }
    if (message.receiver() != null) {
      out.append(",\"receiver\":");
      appendId(out, message.receiver());
    }
    if (message.content() != null) {
      out.append(",\"content\":");
      appendString(out, message.content());
    }
    return out.append('}').toString();
  }

  private String idJson(Id id) {
    StringBuilder out = new StringBuilder(24);
    appendId(out, id);
    return out.toString();
  }

  private void appendId(StringBuilder out, Id id) {
    String text = ids.format(id);
    if (ids.numeric()) {
      out.append(text);
    } else {
      appendString(out, text);
    }
  }

  private static void appendString(StringBuilder out, String text) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    out.append('"');
  }

  @Override
  public String toString() {
    return "MessageCodec.json(" + ids + ")";
  }
}
