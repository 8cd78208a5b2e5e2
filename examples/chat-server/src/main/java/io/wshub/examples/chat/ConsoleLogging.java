package io.wshub.examples.chat;

/**
 * One line per log record on the console, for the command line only: {@code System.Logger} ends
 * up in {@code java.util.logging}, whose default format takes two lines a record.
 */
final class ConsoleLogging {

  private static final String FORMAT = "java.util.logging.SimpleFormatter.format";

  private ConsoleLogging() {}

  /** Sets the format unless the user chose one (-D...SimpleFormatter.format=...). */
  static void install() {
    if (System.getProperty(FORMAT) == null) {
      // Read when java.util.logging starts, so this must run before anything logs.
      System.setProperty(FORMAT, "%1$tT %4$s %5$s%6$s%n");
    }
  }
}
