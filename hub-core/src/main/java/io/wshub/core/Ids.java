package io.wshub.core;

/** Shared wording for id errors. */
final class Ids {

  private static final int EXCERPT = 40;

  private Ids() {}

  /** The start of a rejected text, so an error message never echoes a huge or hostile input whole. */
  static String excerpt(String text) {
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
  }
}
