package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A broadcast from another node that the hub refused has no receipt, so the hub warns of it in its
 * log: the first of a spell at once, then at most once a second with how many since, and the rest
 * of a spell when the hub's sweep finds it a second old. Time is given in nanoseconds, as the hub's
 * ticker gives it.
 */
class ClusterRefusalsTest {

  static final long SECOND = ClusterRefusals.WARN_EVERY_NANOS;

  final ClusterRefusals refusals = new ClusterRefusals(16);

  @Test
  void aSpellOfRefusalsIsWarnedOfAtOnceThenAtMostOnceASecondWithHowManySince() {
    assertThat(refusals.refused(0)).as("the first, at once").isEqualTo(1);
    assertThat(refusals.refused(SECOND / 10)).as("within the second: counted, not warned of").isZero();
    assertThat(refusals.refused(SECOND / 2)).isZero();
    assertThat(refusals.warnIfDue(SECOND - 1)).as("the sweep, within the second").isZero();

    assertThat(refusals.warnIfDue(SECOND)).as("the sweep, a second on: the rest of the spell").isEqualTo(2);
    assertThat(refusals.warnIfDue(3 * SECOND)).as("nothing new, nothing said").isZero();
    assertThat(refusals.refused(3 * SECOND)).as("a new spell, at once").isEqualTo(1);
    assertThat(refusals.refused(4 * SECOND)).as("a second later, itself").isEqualTo(1);

    assertThat(refusals.count()).isEqualTo(5);
  }

  @Test
  void nothingRefusedIsNeverWarnedOf() {
    assertThat(refusals.warnIfDue(0)).isZero();
    assertThat(refusals.warnIfDue(5 * SECOND)).isZero();
    assertThat(refusals.count()).isZero();
  }
}
