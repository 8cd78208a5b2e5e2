package io.wshub.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The little HTTP/1.1 a WebSocket server needs: the upgrade request's head, and short responses. */
final class Http {

  /** RFC 6455's key suffix. */
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private Http() {}

  /** A request head: its line and headers. */
  record Request(String method, String path, String query, String version, Map<String, List<String>> headers) {

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    /** Whether a comma-separated header carries {@code token}, in any case. */
    boolean hasToken(String name, String token) {
      List<String> values = headers.get(name);
      if (values == null) {
        return false;
      }
      for (String value : values) {
        for (String part : value.split(",")) {
          if (part.trim().equalsIgnoreCase(token)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Where the head ends (the index after its blank line) in {@code bytes[0, length)}, looking from {@code from}; or -1. */
  static int headEnd(byte[] bytes, int from, int length) {
    for (int i = Math.max(3, from + 3); i < length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Parses a head, or returns null when it is not HTTP/1.1 as a browser or client sends it. */
  static Request parse(byte[] bytes, int end) {
    String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String[] line = lines[0].split(" ");
    if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
      return null;
    }
    Map<String, List<String>> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        return null;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(lines[i].substring(colon + 1).trim());
    }
    String target = line[1];
    int q = target.indexOf('?');
    return new Request(line[0], q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
        line[2], headers);
  }

  /** The 101 that completes an upgrade. */
  static byte[] switching(String key) {
    return ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n");
  }

  /** A refusal with a short plain-text body; the connection closes after it. */
  static byte[] status(int code, String reason, String body, String... extraHeaders) {
    StringBuilder response = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
    for (String header : extraHeaders) {
      response.append(header).append("\r\n");
    }
    byte[] text = (body + "\n").getBytes(StandardCharsets.UTF_8);
    response.append("Content-Type: text/plain; charset=utf-8\r\nContent-Length: ").append(text.length)
        .append("\r\nConnection: close\r\n\r\n");
    return concat(ascii(response.toString()), text);
  }

  /** A file; the connection closes after it. */
  static byte[] ok(String contentType, byte[] body) {
    return concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"), body);
  }

  static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder().encodeToString(sha1.digest(ascii(key + GUID)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** Whether {@code key} is what RFC 6455 asks for: 16 bytes, base64. */
  static boolean validKey(String key) {
    try {
      return key != null && Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Decodes {@code %XX} escapes as UTF-8 (a path segment: {@code +} stays); null if malformed. */
  static String decodeSegment(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    byte[] out = new byte[segment.length()];
    int n = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return null;
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        return null; // a request line is ASCII
      }
    }
    return Utf8.decode(out, 0, n);
  }

  static String contentType(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".html") || lower.endsWith(".htm")) {
      return "text/html; charset=utf-8";
    } else if (lower.endsWith(".js") || lower.endsWith(".mjs")) {
      return "text/javascript; charset=utf-8";
    } else if (lower.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (lower.endsWith(".json")) {
      return "application/json";
    } else if (lower.endsWith(".svg")) {
      return "image/svg+xml";
    } else if (lower.endsWith(".png")) {
      return "image/png";
    } else if (lower.endsWith(".ico")) {
      return "image/x-icon";
    } else if (lower.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
