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

  private CloseCodes() {}
}
