package dev.footfall.api;

import dev.footfall.TestServer;
import dev.footfall.account.PasswordHasher;
import dev.footfall.store.duckdb.DuckDbStorage;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory from before invitation tokens and shared-link slugs were hashed: at start
 * they are replaced by their SHA-256, and the links already handed out keep working.
 */
class HashedSecretsMigrationTest {
    static final String TOKEN = "legacy-invitation-token-0123456789abcdefghijk";
    static final String OPEN_SLUG = "LegacyOpenSlug-0123456789abcdefghijklmnopqrs";
    static final String LOCKED_SLUG = "LegacyLockedSlug-0123456789abcdefghijklmnopq";

    @TempDir
    Path dataDir;

    @Test
    void secretsStoredInClearAreHashedAtStartAndKeepWorking() throws Exception {
        writeOldLayout(dataDir);
        try (TestServer server = TestServer.start(dataDir)) {
            server.addSite("old.test");
            var storage = server.server.storage();
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM invitations WHERE token_hash = sha256('" + TOKEN + "')")).isEqualTo(1);
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM shared_links WHERE slug_hash = sha256('" + OPEN_SLUG + "') AND prefix = 'LegacyOp'"))
                    .isEqualTo(1);
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM information_schema.columns WHERE column_name IN ('token', 'slug')")).isZero();

            WebSession visitor = new WebSession(server);
            assertThat(WebSession.json(visitor.get("/api/ui/invitations/" + TOKEN)).get("email").asText()).isEqualTo("old@example.com");
            assertThat(WebSession.json(visitor.get("/api/ui/share/" + OPEN_SLUG)).get("domain").asText()).isEqualTo("old.test");
            assertThat(visitor.post("/api/ui/share/" + LOCKED_SLUG + "/auth", "{\"password\":\"board secret\"}").statusCode()).isEqualTo(200);
            assertThat(WebSession.json(visitor.get("/api/ui/share/" + LOCKED_SLUG)).get("authorized").asBoolean()).isTrue();

            // Listed by prefix, and revoked by it.
            HttpResponse<String> list = server.admin("GET", "/api/ui/sites/old.test/shared-links", null);
            assertThat(list.body()).contains("\"prefix\":\"LegacyOp\"").contains("\"prefix\":\"LegacyLo\"").doesNotContain(OPEN_SLUG);
            assertThat(server.admin("DELETE", "/api/ui/sites/old.test/shared-links/LegacyOp", null).statusCode()).isEqualTo(200);
            assertThat(visitor.get("/api/ui/share/" + OPEN_SLUG).statusCode()).isEqualTo(404);
        }
        // A second start finds nothing left to convert.
        try (TestServer again = TestServer.start(dataDir)) {
            assertThat(WebSession.json(new WebSession(again).get("/api/ui/invitations/" + TOKEN)).get("domain").asText()).isEqualTo("old.test");
        }
    }

    /** The account tables as data directories made before the change have them, with one invitation and two links. */
    private static void writeOldLayout(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(DuckDbStorage.FILE_NAME)); Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE invitation_ids");
            st.execute("""
                    CREATE TABLE invitations (
                        id          BIGINT PRIMARY KEY DEFAULT nextval('invitation_ids'),
                        token       VARCHAR NOT NULL UNIQUE,
                        site_domain VARCHAR NOT NULL,
                        email       VARCHAR NOT NULL,
                        role        VARCHAR NOT NULL,
                        expires_at  TIMESTAMP NOT NULL)""");
            st.execute("""
                    CREATE TABLE shared_links (
                        slug          VARCHAR PRIMARY KEY,
                        site_domain   VARCHAR NOT NULL,
                        name          VARCHAR NOT NULL,
                        password_hash VARCHAR,
                        created_at    TIMESTAMP NOT NULL)""");
            st.execute("INSERT INTO invitations (token, site_domain, email, role, expires_at) VALUES ('" + TOKEN
                    + "', 'old.test', 'old@example.com', 'viewer', now() + INTERVAL 7 DAY)");
            st.execute("INSERT INTO shared_links VALUES ('" + OPEN_SLUG + "', 'old.test', 'Open', NULL, now())");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shared_links VALUES (?, 'old.test', 'Locked', ?, now())")) {
                ps.setString(1, LOCKED_SLUG);
                ps.setString(2, new PasswordHasher().hash("board secret"));
                ps.executeUpdate();
            }
        }
    }
}
