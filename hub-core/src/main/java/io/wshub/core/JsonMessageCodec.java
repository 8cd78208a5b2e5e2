package io.wshub.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Protocol v1 JSON. Decoding reads the five known fields ({@code room} included) with Jackson's
 * streaming parser and remembers where {@code sender} stands, so that stamping the sender edits the client's text
 * in place rather than re-serialising it: unknown fields survive, and a frame whose sender is
 * already right is forwarded as the very same string.
 */
final class JsonMessageCodec<Id> implements MessageCodec<Id> {

  private static final JsonFactory JSON = new JsonFactory();

  // Bits for the known fields, to refuse a second "sender" or "receiver": different parsers
  // downstream would disagree about who spoke to whom. (Jackson's own strict duplicate
  // detection would do it for every field, at the cost of a set per frame.)
  private static final int TYPE = 1;
  private static final int SENDER = 2;
  private static final int RECEIVER = 4;
  private static final int CONTENT = 8;
  private static final int ROOM = 16;

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
    int seen = 0;
    int type = -1;
    Id sender = null;
    Id receiver = null;
    String content = null;
    String room = null;
    int senderStart = -1;
    int senderEnd = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "type" -> {
          seen = once(seen, TYPE, name);
          type = readType(p, value);
        }
        case "sender" -> {
          seen = once(seen, SENDER, name);
          senderStart = offset(p.currentTokenLocation().getCharOffset());
          sender = readId(p, value, name);
          senderEnd = offset(p.currentLocation().getCharOffset());
        }
        case "receiver" -> {
          seen = once(seen, RECEIVER, name);
          receiver = readId(p, value, name);
        }
        case "content" -> {
          seen = once(seen, CONTENT, name);
          content = readString(p, value, name);
        }
        case "room" -> {
          seen = once(seen, ROOM, name);
          room = readString(p, value, name);
        }
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new InvalidFrameException("unexpected content after the JSON object");
    }
    if ((seen & TYPE) == 0) {
      throw new InvalidFrameException("missing field \"type\"");
    }
    String forwarded;
    boolean hasSender = (seen & SENDER) != 0;
    if (hasSender && from.equals(sender)) {
      forwarded = frame;
    } else if (hasSender) {
      forwarded = frame.substring(0, senderStart) + idJson(from) + frame.substring(senderEnd);
    } else {
      forwarded = frame.substring(0, objectStart + 1) + "\"sender\":" + idJson(from) + ","
          + frame.substring(objectStart + 1);
    }
    return new Message<>(type, from, receiver, room, content, null, forwarded);
  }

  private static int once(int seen, int field, String name) {
    if ((seen & field) != 0) {
      throw new InvalidFrameException("duplicate field \"" + name + "\"");
    }
    return seen | field;
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
      if (ids == IdCodec.longs()) {
        return longId(p);
      }
      return ids.parse(p.getText());
    } catch (IllegalArgumentException e) {
      throw new InvalidFrameException("field \"" + field + "\": " + e.getMessage());
    }
  }

  /** The default ids, read without making a String; same rule as {@link LongIdCodec#parse}. */
  @SuppressWarnings("unchecked")
  private Id longId(JsonParser p) throws IOException {
    if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long id = p.getLongValue();
      if (id >= 0) {
        return (Id) Long.valueOf(id);
      }
    }
    return ids.parse(p.getText()); // out of range: let the codec say so in its words
  }

  private static String readString(JsonParser p, JsonToken value, String field) throws IOException {
    return switch (value) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      default -> throw new InvalidFrameException("field \"" + field + "\" must be a string");
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
    if (message.room() != null) {
      out.append(",\"room\":");
      appendString(out, message.room());
    }
    if (message.content() != null) {
      out.append(",\"content\":");
      appendString(out, message.content());
    }
    if (message.members() != null) {
      out.append(",\"members\":[");
      for (int i = 0; i < message.members().size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendId(out, message.members().get(i));
      }
      out.append(']');
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
