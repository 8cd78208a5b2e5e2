package io.wshub.core;

/** What the hub does when a connection arrives for an id that is already connected. */
public enum DuplicateIdPolicy {

  /** The default: the older connections are closed with {@link CloseCodes#REPLACED} (4000). */
  REPLACE,

  /** The new connection is closed with {@link CloseCodes#POLICY_VIOLATION} (1008); the old one stays. */
  REJECT_NEW,

  /**
   * Every connection of the id is kept and receives what is sent to the id; a SEND earns
   * "success send" when at least one of them accepted the message.
   */
  MULTI
}
