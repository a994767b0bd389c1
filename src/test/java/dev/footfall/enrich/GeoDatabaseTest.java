package dev.footfall.enrich;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Geolocation with the default country database from the npm registry (fetched by .ci/run and the
 * launcher into .cache/geoip; FOOTFALL_TEST_GEOIP overrides).
 */
class GeoDatabaseTest {
    static Path database() {
        Path path = Optional.ofNullable(System.getenv("FOOTFALL_TEST_GEOIP")).map(Path::of)
                .orElse(Path.of(".cache/geoip/geo-whois-asn-country.mmdb"));
        assertThat(path).as("GeoIP test database missing: run .ci/run or ./footfall once to fetch it").exists();
        return path;
    }

    @Test
    void countriesOfWellKnownAddresses() throws Exception {
        try (GeoDatabase geo = new GeoDatabase(database())) {
            assertThat(geo.locate(InetAddress.ofLiteral("8.8.8.8")).country()).isEqualTo("US");
            assertThat(geo.locate(InetAddress.ofLiteral("2001:4860:4860::8888")).country()).isEqualTo("US");
            assertThat(geo.locate(InetAddress.ofLiteral("192.168.1.1")).country()).isEmpty();
        }
    }

    @Test
    void theServerStoresTheCountryButNotTheAddress(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        try (var server = dev.footfall.TestServer.start(dataDir, 100, Optional.of(database()))) {
            server.addSite("geo.test");
            server.event("{\"n\":\"pageview\",\"u\":\"https://geo.test/\",\"d\":\"geo.test\"}", "8.8.4.4");
            assertThat(dev.footfall.store.duckdb.StoredRows.query(server.server.storage(), "SELECT country FROM events"))
                    .containsExactly(java.util.Map.of("country", "US"));
        }
        assertThat(Files.exists(dataDir)).isTrue();
    }
}
