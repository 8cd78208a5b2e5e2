package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.tomcat.websocket.WsIOException;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * When a container reports a client's protocol error, the hub closes with the code the container's
 * own exception names. Jetty 12.1 reports an oversize message to {@code onError} while it closes
 * with 1009 itself; a close of ours that said 1002 reached the wire first about one time in four.
 */
class ContainerErrorCodesTest {

  @Test
  void jettysOversizeMessageClosesWith1009() {
    assertThat(HubEndpoint.closeCodeOf(new MessageTooLargeException("Text message too large: 623 > 512")))
        .isEqualTo(CloseCodes.TOO_BIG);
  }

  @Test
  void jettysBadPayloadClosesWith1007() {
    assertThat(HubEndpoint.closeCodeOf(new BadPayloadException("invalid UTF-8"))).isEqualTo(1007);
  }

  @Test
  void tomcatsCloseReasonIsKept() {
    WsIOException tomcat = new WsIOException(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "too big"));

    assertThat(HubEndpoint.closeCodeOf(tomcat)).isEqualTo(CloseCodes.TOO_BIG);
  }

  @Test
  void aCodeFurtherDownTheCauseChainCounts() {
    var wrapped = new IllegalStateException("in the sink", new MessageTooLargeException("too large"));

    assertThat(HubEndpoint.closeCodeOf(wrapped)).isEqualTo(CloseCodes.TOO_BIG);
  }

  @Test
  void anErrorThatNamesNoCodeIsAProtocolError() {
    assertThat(HubEndpoint.closeCodeOf(new UncheckedIOException(new IOException("broken frame"))))
        .isEqualTo(CloseCodes.PROTOCOL_ERROR);
  }
}
