package io.wshub.core;

/**
 * The WebSocket close codes the hub uses, as protocol v1 defines them.
 *
 * <p>Constants rather than an enum so that they compare directly with the {@code int} codes
 * transports report.
 */
public final class CloseCodes {

  /** 1000: the client asked to close (a CLOSE message). */
  public static final int NORMAL = 1000;

  /** 1001: the hub is shutting down, or nothing arrived from the client within the idle timeout. */
  public static final int GOING_AWAY = 1001;

  /** 1002: the client broke the WebSocket protocol itself (reported by the transport). */
  public static final int PROTOCOL_ERROR = 1002;

  /** 1003: the client sent a kind of data protocol v1 does not take: a binary frame. */
  public static final int UNSUPPORTED_DATA = 1003;

  /** 1008: rejected at the handshake (malformed id, failed authentication, forbidden origin, duplicate id). */
  public static final int POLICY_VIOLATION = 1008;

  /** 1009: a frame over the size limit. */
  public static final int TOO_BIG = 1009;

  /** 1011: an unexpected server error, such as a routing rule that threw. */
  public static final int UNEXPECTED_CONDITION = 1011;

  /** 1013: a slow consumer: its outbound queue overflowed or a write timed out. */
  public static final int TRY_AGAIN_LATER = 1013;

  /** 4000: replaced by a newer connection for the same id ({@link DuplicateIdPolicy#REPLACE}). */
  public static final int REPLACED = 4000;

  /** The longest close reason a close frame carries, in UTF-8 bytes (RFC 6455: 125 less the code). */
  public static final int MAX_REASON_BYTES = 123;

  private CloseCodes() {}

  /**
   * Whether a server may send {@code code} in a close frame: 1000-1003, 1007-1014 and the
   * registered and private ranges 3000-4999. 1004-1006 and 1015 are reserved for reporting, never
   * for sending.
   *
   * @param code the code
   * @return {@code true} if it may be sent
   */
  public static boolean isSendable(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  }

  /**
   * {@code reason} cut to at most {@link #MAX_REASON_BYTES} UTF-8 bytes, on a character boundary
   * (never inside a character or between the two halves of a surrogate pair).
   *
   * @param reason the reason, or {@code null} for none
   * @return the reason, or its longest prefix that fits; an empty string for {@code null}
   */
  public static String fitReason(String reason) {
    if (reason == null) {
      return "";
    }
    if (reason.length() * 3 <= MAX_REASON_BYTES) {
      return reason;
    }
    int bytes = 0;
    for (int i = 0; i < reason.length(); ) {
      int codePoint = reason.codePointAt(i);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > MAX_REASON_BYTES) {
        return reason.substring(0, i);
      }
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return reason;
  }
}
