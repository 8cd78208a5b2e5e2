package io.wshub.core;

/** Short URL-safe string ids, {@code "0"} being the system. */
final class StringIdCodec implements IdCodec<String> {

  static final StringIdCodec INSTANCE = new StringIdCodec();
  private static final int MAX_LENGTH = 64;

  private StringIdCodec() {}

  @Override
  public String parse(String text) {
    int n = text.length();
    if (n == 0 || n > MAX_LENGTH) {
      throw invalid(text);
    }
    for (int i = 0; i < n; i++) {
      if (!allowed(text.charAt(i))) {
        throw invalid(text);
      }
    }
    return text;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '~' || c == '-';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid id '" + Ids.excerpt(text)
        + "': ids are 1 to " + MAX_LENGTH + " characters from A-Z a-z 0-9 . _ ~ -");
  }

  @Override
  public String format(String id) {
    return id;
  }

  @Override
  public boolean numeric() {
    return false;
  }

  @Override
  public String system() {
    return "0";
  }

  @Override
  public String toString() {
    return "IdCodec.strings()";
  }
}
