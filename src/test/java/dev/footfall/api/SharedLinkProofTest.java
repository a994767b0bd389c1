package dev.footfall.api;

import dev.footfall.TestServer;
import dev.footfall.account.SharedLinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The proof that a shared link's password was given expires on the server, whatever the browser keeps. */
class SharedLinkProofTest {
    static final String QUERY = "{\"site_id\":\"board.test\",\"metrics\":[\"pageviews\"],\"date_range\":\"day\"}";

    @TempDir
    Path dataDir;

    /** A clock the test moves forward, so twelve hours pass in an instant. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theProofStopsWorkingWhenItExpiresAndItsExpiryCannotBeEdited() {
        MovingClock clock = new MovingClock();
        try (TestServer server = TestServer.start(dataDir, clock)) {
            server.addSite("board.test");
            String slug = WebSession.json(server.admin("POST", "/api/ui/sites/board.test/shared-links", "{\"name\":\"Board\",\"password\":\"board secret\"}"))
                    .get("slug").asText();
            HttpResponse<String> unlocked = new WebSession(server).post("/api/ui/share/" + slug + "/auth", "{\"password\":\"board secret\"}");
            assertThat(unlocked.statusCode()).isEqualTo(200);
            String setCookie = unlocked.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String name = cookie.substring(0, cookie.indexOf('=')), proof = cookie.substring(cookie.indexOf('=') + 1);
            assertThat(name).isEqualTo("footfall_share_" + slug.substring(0, 8));
            assertThat(setCookie).contains("Max-Age=" + SharedLinks.UNLOCKED.toSeconds());
            long expires = Long.parseLong(proof.substring(0, proof.indexOf('.')));
            assertThat(expires).isEqualTo(clock.instant().plus(SharedLinks.UNLOCKED).getEpochSecond());

            assertThat(query(server, slug, cookie).statusCode()).isEqualTo(200);
            // A later expiry written into the cookie breaks its signature.
            String lengthened = name + "=" + (expires + 86_400) + proof.substring(proof.indexOf('.'));
            assertThat(query(server, slug, lengthened).statusCode()).isEqualTo(401);
            assertThat(query(server, slug, name + "=garbage").statusCode()).isEqualTo(401);

            clock.advance(SharedLinks.UNLOCKED.minusSeconds(1));
            assertThat(query(server, slug, cookie).statusCode()).as("a second before it expires").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            HttpResponse<String> expired = query(server, slug, cookie);
            assertThat(expired.statusCode()).as("kept by the browser past its expiry").isEqualTo(401);
            assertThat(expired.body()).contains("needs its password");
        }
    }

    private static HttpResponse<String> query(TestServer server, String slug, String cookie) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("X-Footfall-Share", slug).header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(QUERY)));
    }
}
