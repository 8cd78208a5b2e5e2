package io.wshub.core;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How long the fuzz and property tests run, and on which seed. In CI each runs its
 * {@code @Property(tries = ...)} on one fixed seed, so a run is repeatable and bounded in time;
 * {@code -Dwshub.fuzz.tries=N} runs N tries of every one of them instead, and
 * {@code -Dwshub.fuzz.seed=random} (or a seed) explores other inputs, and
 * {@code -Dwshub.fuzz.steps=N} makes {@link HubModelTest}'s stories up to N steps long (60). A
 * failure names its seed and the command line that repeats it.
 */
final class FuzzSettings implements AroundPropertyHook {

  static final String TRIES = "wshub.fuzz.tries";
  static final String SEED = "wshub.fuzz.seed";
  static final String STEPS = "wshub.fuzz.steps";
  /** The seed CI runs on: any fixed number does; this one is the day the tests were written. */
  static final String CI_SEED = "20261202";

  /** Registered on a test class, it applies to each of its properties. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    Integer tries = Integer.getInteger(TRIES);
    if (tries != null) {
      context.attributes().setTries(tries);
    }
    String seed = System.getProperty(SEED, CI_SEED).trim();
    if (!seed.equals("random")) {
      context.attributes().setSeed(seed);
    }
    PropertyExecutionResult result = property.execute();
    if (result.status() != PropertyExecutionResult.Status.FAILED) {
      return result;
    }
    String used = result.seed().orElse("(unknown)");
    Throwable cause = result.throwable().orElse(null);
    AssertionError named = new AssertionError(context.extendedLabel() + " failed on seed " + used
        + " (try " + result.countTries() + "); repeat it with -D" + SEED + "=" + used
        + (tries == null ? "" : " -D" + TRIES + "=" + tries) + ": " + (cause == null ? "" : cause.getMessage()), cause);
    return result.mapToFailed(named);
  }
}
