package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void shouldTellATakenLoopbackPortFromAFreeOne() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
      assertThat(FreePorts.taken(port)).isTrue();
    }
    assertThat(FreePorts.taken(port)).isFalse();
    assertThat(FreePorts.taken(0)).as("a port to be picked").isFalse();
  }
}
