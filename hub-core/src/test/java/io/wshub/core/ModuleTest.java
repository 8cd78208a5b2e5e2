package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The module shows users its API and test kit, nothing else, and needs nothing but Jackson's core. */
class ModuleTest {

  private final ModuleDescriptor module = Hub.class.getModule().getDescriptor();

  @Test
  void exportsOnlyTheApiAndTheTestKit() {
    assertThat(module.name()).isEqualTo("io.wshub.core");
    assertThat(module.exports()).map(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("io.wshub.core", "io.wshub.core.testing");
  }

  @Test
  void requiresOnlyJacksonCore() {
    assertThat(module.requires()).map(ModuleDescriptor.Requires::name)
        .containsExactlyInAnyOrder("java.base", "com.fasterxml.jackson.core");
  }
}
