package io.wshub.core;

import java.util.UUID;

/** Canonical UUID ids, the nil UUID being the system. */
final class UuidIdCodec implements IdCodec<UUID> {

  static final UuidIdCodec INSTANCE = new UuidIdCodec();
  private static final UUID NIL = new UUID(0, 0);
  private static final int CANONICAL_LENGTH = 36;

  private UuidIdCodec() {}

  @Override
  public UUID parse(String text) {
    // UUID.fromString also accepts short groups such as "1-1-1-1-1": only the canonical form is an id.
    if (text.length() != CANONICAL_LENGTH) {
      throw invalid(text);
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid id '" + Ids.excerpt(text) + "': ids are UUIDs such as 123e4567-e89b-12d3-a456-426614174000");
  }

  @Override
  public String format(UUID id) {
    return id.toString();
  }

  @Override
  public boolean numeric() {
    return false;
  }

  @Override
  public UUID system() {
    return NIL;
  }

  @Override
  public String toString() {
    return "IdCodec.uuids()";
  }
}
