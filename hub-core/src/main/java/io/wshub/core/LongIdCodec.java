package io.wshub.core;

/** Decimal {@code long} ids, 0 being the system. */
final class LongIdCodec implements IdCodec<Long> {

  static final LongIdCodec INSTANCE = new LongIdCodec();
  private static final Long SYSTEM = 0L;
  private static final int MAX_DIGITS = 19;

  private LongIdCodec() {}

  @Override
  public Long parse(String text) {
    int n = text.length();
    // One spelling per id: "01" is not 1, so that no two paths (or logs) name one client.
    if (n == 0 || n > MAX_DIGITS || (n > 1 && text.charAt(0) == '0')) {
      throw invalid(text);
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(text);
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException overflow) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid id '" + Ids.excerpt(text) + "': ids are decimal integers from 1 to " + Long.MAX_VALUE
            + ", without leading zeros");
  }

  @Override
  public String format(Long id) {
    return id.toString();
  }

  @Override
  public boolean numeric() {
    return true;
  }

  @Override
  public Long system() {
    return SYSTEM;
  }

  @Override
  public String toString() {
    return "IdCodec.longs()";
  }
}
