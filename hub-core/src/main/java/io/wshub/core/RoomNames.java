package io.wshub.core;

/**
 * What a room name may be: 1 to 64 characters, each an ASCII letter or digit or one of
 * {@code _ . : -}, such as {@code "lobby"}, {@code "team:42"} or {@code "doc-7.comments"}. Names
 * are case-sensitive. The bound on their length is one of the bounds on what a client can make
 * the hub remember.
 */
public final class RoomNames {

  /** The longest room name, in characters. */
  public static final int MAX_LENGTH = 64;

  private RoomNames() {}

  /**
   * Whether {@code name} is a valid room name.
   *
   * @param name the name, or {@code null}
   * @return {@code true} if it follows the rule
   */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code name} if it is valid.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException naming the rule, if it is not valid
   */
  public static String check(String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(problem(name));
    }
    return name;
  }

  /** What is wrong with an invalid name, in the words of the error reply. */
  static String problem(String name) {
    return "invalid room name \"" + (name == null ? "null" : Ids.excerpt(name)) + "\": a room name is 1 to "
        + MAX_LENGTH + " characters, each a letter, a digit or one of _ . : -";
  }
}
