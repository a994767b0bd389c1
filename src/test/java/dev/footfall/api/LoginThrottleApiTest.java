package dev.footfall.api;

import dev.footfall.TestServer;
import dev.footfall.account.LoginThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling as an attacker meets it: counted per account from one client and per client,
 * never per account alone (so nobody can lock the owner out), atomic under parallel tries, and
 * applied to password changes. Clients are told apart by X-Forwarded-For (loopback is a trusted proxy).
 */
class LoginThrottleApiTest {
    static final String OWNER = "owner@example.com", PASSWORD = "correct horse battery";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        new WebSession(server).login("/api/ui/setup", OWNER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder login(String email, String password, String client) {
        return HttpRequest.newBuilder(server.uri("/api/ui/login")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
    }

    @Test
    void wrongPasswordsFromOneClientDoNotLockTheOwnerOutElsewhere() {
        String attacker = "198.51.100.7", ownerAtHome = "203.0.113.20";
        for (int i = 0; i < LoginThrottle.PER_ACCOUNT_AND_CLIENT; i++) {
            assertThat(server.send(login(OWNER, "guess number " + i, attacker)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = server.send(login(OWNER, PASSWORD, attacker));
        assertThat(blocked.statusCode()).as("even the right password, from the guessing client").isEqualTo(429);
        assertThat(blocked.body()).contains("too many failed logins");
        assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 15 * 60L);

        assertThat(server.send(login(OWNER, PASSWORD, ownerAtHome)).statusCode()).as("the owner from their own address").isEqualTo(200);
    }

    @Test
    void oneClientGuessingManyAccountsMeetsThePerClientLimit() {
        String sprayer = "198.51.100.8";
        for (int i = 0; i < LoginThrottle.PER_CLIENT; i++) {
            assertThat(server.send(login("nobody" + i + "@example.com", "some password", sprayer)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = server.send(login(OWNER, PASSWORD, sprayer));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(server.send(login(OWNER, PASSWORD, "198.51.100.9")).statusCode()).isEqualTo(200);
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        for (int i = 0; i < LoginThrottle.PER_ACCOUNT_AND_CLIENT; i++) {
            // A fresh address of the same /64 for each guess.
            assertThat(server.send(login(OWNER, "guess number " + i, "2001:db8:1:2::" + (i + 1))).statusCode()).isEqualTo(401);
        }
        assertThat(server.send(login(OWNER, PASSWORD, "2001:db8:1:2::99")).statusCode()).isEqualTo(429);
        assertThat(server.send(login(OWNER, PASSWORD, "2001:db8:1:3::1")).statusCode()).as("another /64").isEqualTo(200);
    }

    @Test
    void parallelWrongLoginsGetNoMoreTriesThanTheLimit() {
        server.server.accounts().register("parallel@example.com", PASSWORD);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            sent.add(http.sendAsync(login("parallel@example.com", "parallel guess " + i, "198.51.100.10").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = sent.stream().map(f -> f.join().statusCode()).toList();
        assertThat(statuses.stream().filter(s -> s == 401).count()).as(statuses.toString()).isEqualTo(LoginThrottle.PER_ACCOUNT_AND_CLIENT);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isEqualTo(15 - LoginThrottle.PER_ACCOUNT_AND_CLIENT);
    }

    @Test
    void aRightPasswordForgivesTheAccountsFailuresFromThatClient() {
        server.server.accounts().register("forgetful@example.com", PASSWORD);
        String client = "198.51.100.11";
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < LoginThrottle.PER_ACCOUNT_AND_CLIENT - 1; i++) {
                assertThat(server.send(login("forgetful@example.com", "not quite it", client)).statusCode()).isEqualTo(401);
            }
            assertThat(server.send(login("forgetful@example.com", PASSWORD, client)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void passwordChangesAreThrottledToo() {
        server.server.accounts().register("changer@example.com", PASSWORD);
        WebSession session = new WebSession(server).login("/api/ui/login", "changer@example.com", PASSWORD);
        HttpResponse<String> weak = session.post("/api/ui/password", "{\"current_password\":\"x\",\"new_password\":\"short\"}");
        assertThat(weak.statusCode()).as("a new password breaking the rules is no guess").isEqualTo(400);
        assertThat(weak.body()).contains("new_password");
        for (int i = 0; i < LoginThrottle.PER_ACCOUNT_AND_CLIENT; i++) {
            HttpResponse<String> wrong = session.post("/api/ui/password",
                    "{\"current_password\":\"guess number " + i + "\",\"new_password\":\"a new long password\"}");
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("current_password");
        }
        HttpResponse<String> blocked = session.post("/api/ui/password",
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"a new long password\"}");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("too many wrong passwords");
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        // The password did not change.
        assertThat(server.send(login("changer@example.com", PASSWORD, "198.51.100.12")).statusCode()).isEqualTo(200);
    }
}
