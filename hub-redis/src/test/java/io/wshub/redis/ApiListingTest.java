package io.wshub.redis;

import io.wshub.core.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * hub-redis's public API is the checked-in {@code api/hub-redis.api}: a change to it is a
 * decision.
 */
class ApiListingTest {

  @Test
  void thePublicApiIsTheCheckedInListing() {
    ApiListing.check("hub-redis", Path.of("target/classes"), Path.of("api/hub-redis.api"));
  }
}
