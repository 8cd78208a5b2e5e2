package io.wshub.core;

import java.util.UUID;

/**
 * How client ids are read from the connection path and from JSON, and written back.
 *
 * <p>Implementations must be immutable and thread-safe, and {@code Id} must have value equality
 * ({@code equals} and {@code hashCode}): the hub keys its registry by it.
 *
 * @param <Id> the id type
 */
public interface IdCodec<Id> {

  /**
   * Parses an id from text: a path segment, or the text of a JSON value.
   *
   * <p>The system id parses (it may appear as a sender or receiver in messages), but the hub
   * never accepts a connection for it.
   *
   * @param text the text to parse
   * @return the id
   * @throws IllegalArgumentException with a message that says what a valid id looks like
   */
  Id parse(String text);

  /**
   * Writes an id as text, such that {@code parse(format(id))} equals {@code id}.
   *
   * @param id the id
   * @return its text form
   */
  String format(Id id);

  /**
   * Whether ids are JSON numbers ({@code "receiver":2}) rather than JSON strings
   * ({@code "receiver":"bob"}).
   *
   * @return {@code true} for numbers
   */
  boolean numeric();

  /**
   * The system's own id: the sender of receipts and errors; no client may connect with it.
   *
   * @return the system id
   */
  Id system();

  /**
   * The default: positive {@code long} ids from 1 to 9223372036854775807, as JSON numbers, with
   * 0 as the system id (protocol v1's unsigned 64-bit ids, as far as a {@code long} reaches).
   *
   * @return the codec
   */
  static IdCodec<Long> longs() {
    return LongIdCodec.INSTANCE;
  }

  /**
   * String ids of 1 to 64 characters from {@code A-Z a-z 0-9 . _ ~ -} (safe in a URL path without
   * escaping), as JSON strings, with {@code "0"} as the system id.
   *
   * @return the codec
   */
  static IdCodec<String> strings() {
    return StringIdCodec.INSTANCE;
  }

  /**
   * UUID ids in their canonical 36-character form, as JSON strings, with the nil UUID as the
   * system id.
   *
   * @return the codec
   */
  static IdCodec<UUID> uuids() {
    return UuidIdCodec.INSTANCE;
  }
}
