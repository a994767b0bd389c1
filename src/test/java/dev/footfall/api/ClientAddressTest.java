package dev.footfall.api;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {
    private final ClientAddress address = new ClientAddress(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"));

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        var loopback = new InetSocketAddress("127.0.0.1", 5000);
        var stranger = new InetSocketAddress("192.0.2.9", 5000);
        assertThat(address.resolve(loopback, Optional.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(address.resolve(stranger, Optional.of("198.51.100.7"))).isEqualTo("192.0.2.9");
        assertThat(address.resolve(loopback, Optional.empty())).isEqualTo("127.0.0.1");
    }

    @Test
    void theRightmostUntrustedHopWinsSoClientsCannotSpoofTheLeftPart() {
        var loopback = new InetSocketAddress("127.0.0.1", 5000);
        assertThat(address.resolve(loopback, Optional.of("6.6.6.6, 198.51.100.7, 10.1.2.3"))).isEqualTo("198.51.100.7");
        assertThat(address.resolve(loopback, Optional.of("garbage, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(address.resolve(loopback, Optional.of("not-an-ip"))).isEqualTo("127.0.0.1");
    }
}
