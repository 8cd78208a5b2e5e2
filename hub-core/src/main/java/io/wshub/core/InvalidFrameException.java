package io.wshub.core;

/**
 * A frame that is not a valid message. Its message names the problem and is sent back to the
 * client as {@code "error: <message>"}, so it must not contain anything the client should not see.
 */
public class InvalidFrameException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception. Without a stack trace: it is an expected answer to bad input, thrown
   * once per bad frame.
   *
   * @param problem what is wrong with the frame, in words the client can act on
   */
  public InvalidFrameException(String problem) {
    super(problem, null, false, false);
  }
}
