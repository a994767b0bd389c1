package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser's view of the dashboard API: its own cookie jar, and the CSRF token it was given at login. */
final class WebSession {
    private final TestServer server;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrf;

    WebSession(TestServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    /** Sends JSON (or nothing) with the session's cookie and, once logged in, its CSRF token. */
    HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder req = HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) req.header("X-CSRF-Token", csrf);
        return raw(req);
    }

    HttpResponse<String> raw(HttpRequest.Builder req) {
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200 && res.body().startsWith("{") && res.body().contains("\"csrf\"")) {
                JsonNode token = json(res).get("csrf");
                csrf = token == null || token.isNull() ? null : token.asText();
            }
            return res;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    /** Logs in (or sets up the owner) and keeps the CSRF token; fails the test otherwise. */
    WebSession login(String path, String email, String password) {
        HttpResponse<String> res = post(path, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        if (res.statusCode() != 200) throw new AssertionError(path + " answered " + res.statusCode() + ": " + res.body());
        return this;
    }

    String csrf() {
        return csrf;
    }

    /** Forgets the CSRF token, as a forged cross-site request would lack it. */
    void dropCsrf() {
        csrf = null;
    }

    static JsonNode json(HttpResponse<String> res) {
        try {
            return Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
