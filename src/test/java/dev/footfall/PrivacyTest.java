package dev.footfall;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** After ingest, no file under the data directory holds the visitor's IP address or user agent. */
class PrivacyTest {
    private static final String IP = "203.0.113.77";
    private static final String IPV6 = "2001:db8:feed:beef::77";
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.4242 Safari/537.36";

    @TempDir
    Path dataDir;

    @Test
    void neitherIpNorUserAgentReachesTheDisk() throws IOException {
        try (TestServer server = TestServer.start(dataDir)) {
            server.addSite("private.test");
            for (String ip : List.of(IP, IPV6)) {
                for (int i = 0; i < 20; i++) {
                    var res = server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", UA).header("X-Forwarded-For", ip)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://private.test/p" + i + "\",\"d\":\"private.test\"}")));
                    assertThat(res.statusCode()).isEqualTo(202);
                    assertThat(res.headers().firstValue("X-Footfall-Dropped")).isEmpty();
                }
            }
            server.awaitLoaded();
            assertThat(server.server.storage().countEvents("private.test")).isEqualTo(40);
            assertNotOnDisk(); // while running: the write-ahead log holds the fresh rows uncompressed
        }
        assertNotOnDisk(); // after the checkpoint at shutdown
    }

    private void assertNotOnDisk() throws IOException {
        List<byte[]> secrets = Stream.of(IP, IPV6, "6778.4242", UA).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (byte[] secret : secrets) {
                    assertThat(indexOf(content, secret)).as("%s contains %s", file, new String(secret, StandardCharsets.UTF_8)).isEqualTo(-1);
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
