package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void aClientFrameIsMaskedAndItsLengthReadBack() {
    for (int length : new int[] {0, 125, 126, 65_535, 65_536}) {
      ByteBuffer frame = Frames.frame(Frames.TEXT, new byte[length]);

      assertThat(frame.get(0) & 0xFF).isEqualTo(0x81); // final text frame
      assertThat(frame.get(1) & 0x80).isEqualTo(0x80); // masked
      assertThat(Frames.frameLength(frame)).isEqualTo(frame.remaining());
      assertThat(Frames.headerLength(frame)).isEqualTo(frame.remaining() - length);
    }
  }

  @Test
  void anIncompleteHeaderHasNoLengthYet() {
    ByteBuffer frame = Frames.frame(Frames.TEXT, new byte[300]);
    frame.limit(3); // the 16-bit length is not all there

    assertThat(Frames.frameLength(frame)).isEqualTo(-1);
  }
}
