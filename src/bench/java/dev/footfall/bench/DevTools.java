package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A headless Chromium with one page, driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket: commands go out with an id and their answer completes that id's future. Events are
 * never subscribed to, so anything without an id is ignored. The browser gets a fresh profile in a
 * temporary directory; {@link #close()} stops it and deletes the directory.
 */
public final class DevTools implements AutoCloseable {
    /** Debian's chromium package puts its launcher here (CI installs it). */
    public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    /** A fresh profile starts in about a second; far longer means a missing library or a stuck browser. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** No command takes this long on localhost: a stuck browser fails the run instead of hanging it. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How long the browser gets to exit on SIGTERM before it is killed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Between looks at the port file while the browser starts. */
    private static final long PORT_FILE_PAUSE_MILLIS = 50;
    /** Where Chromium writes its port (first line) once it listens, inside the profile. */
    private static final String PORT_FILE = "DevToolsActivePort";
    /** The browser's stdout and stderr, beside its profile, quoted when it fails to start. */
    private static final String LOG_FILE = "chromium.log";
    /**
     * Headless without the sandbox (CI runs as root) or a GPU; no background traffic, updates or
     * sync competing with what is measured; a laptop-sized window so the layout is the usual one;
     * port 0 lets the browser pick a free port and write it to {@link #PORT_FILE}.
     */
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--remote-debugging-port=0", "--window-size=1280,900");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final HttpClient http;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    /** Why the connection ended, once it has: later commands fail at once with it. */
    private volatile String closed;

    /** A command the browser refused, or an expression that threw. */
    public static final class CommandFailed extends RuntimeException {
        CommandFailed(String message) {
            super(message);
        }
    }

    private DevTools(Process process, Path profile, HttpClient http, URI page) throws InterruptedException {
        this.process = process;
        this.profile = profile;
        this.http = http;
        try {
            this.socket = http.newWebSocketBuilder().buildAsync(page, new Listener()).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not connect to Chromium's DevTools at " + page + ": " + e, e);
        }
    }

    /** Starts {@code chromium} on about:blank and connects to its page. */
    public static DevTools launch(Path chromium) throws IOException, InterruptedException {
        if (!Files.isExecutable(chromium)) {
            throw new IllegalArgumentException("no Chromium at " + chromium + ": apt-get install chromium, or give its path with --chromium");
        }
        Path profile = Files.createTempDirectory("footfall-chromium");
        List<String> command = new ArrayList<>();
        command.add(chromium.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(profile.resolve(LOG_FILE).toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
        try {
            int port = awaitPort(process, profile);
            return new DevTools(process, profile, http, pageSocket(http, port));
        } catch (IOException | InterruptedException | RuntimeException e) {
            http.close();
            stop(process, profile);
            throw e;
        }
    }

    /** Sends one command and waits for its result. */
    public JsonNode send(String method, Map<String, ?> params) throws InterruptedException {
        if (closed != null) throw new CommandFailed(method + ": " + closed);
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        try {
            socket.sendText(message.toString(), true).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CommandFailed(method + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new CommandFailed(method + ": no answer within " + CALL_TIMEOUT.toSeconds() + " s");
        } finally {
            calls.remove(id);
        }
    }

    /** Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON. */
    public JsonNode evaluate(String expression) throws InterruptedException {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        JsonNode thrown = result.path("exceptionDetails");
        if (!thrown.isMissingNode()) {
            String description = thrown.path("exception").path("description").asText(thrown.path("text").asText());
            throw new CommandFailed("the page threw: " + description);
        }
        return result.path("result").path("value");
    }

    /** The browser's name and version, e.g. "Chrome/131.0.6778.139". */
    public String version() throws InterruptedException {
        return send("Browser.getVersion", Map.of()).path("product").asText();
    }

    /** What the page shows now, as PNG. */
    public byte[] screenshot() throws InterruptedException {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
    }

    @Override
    public void close() {
        closed = "closed";
        socket.abort();
        http.close();
        stop(process, profile);
    }

    /** Reads the port Chromium writes to its profile once it listens. */
    private static int awaitPort(Process process, Path profile) throws IOException, InterruptedException {
        Path file = profile.resolve(PORT_FILE);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with status " + process.exitValue() + " on start:\n" + logTail(profile));
            }
            // The file is written in one go, but may be seen before its first line ends.
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= 2) return Integer.parseInt(lines.getFirst().strip());
            Thread.sleep(PORT_FILE_PAUSE_MILLIS);
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within " + START_TIMEOUT.toSeconds() + " s:\n" + logTail(profile));
    }

    /** The DevTools WebSocket of the browser's about:blank page. */
    private static URI pageSocket(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(res.body())) {
            if (target.path("type").asText().equals("page") && target.path("url").asText().equals("about:blank")) {
                return URI.create(target.path("webSocketDebuggerUrl").asText());
            }
        }
        throw new IllegalStateException("Chromium lists no about:blank page: " + res.body());
    }

    private static String logTail(Path profile) {
        try {
            List<String> lines = Files.readAllLines(profile.resolve(LOG_FILE));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the browser, SIGKILL to whatever of it is left after {@link #STOP_TIMEOUT}, then the profile goes. */
    private static void stop(Process process, Path profile) {
        // Taken before the browser exits: its helpers are no longer its descendants once it has.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly().waitFor();
            for (ProcessHandle helper : helpers) {
                if (helper.isAlive()) helper.destroyForcibly();
                helper.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A helper that outlives SIGKILL is beyond us; the profile is deleted all the same.
        }
        try (Stream<Path> paths = Files.walk(profile)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete Chromium's profile " + profile, e);
        }
    }

    /** Collects a message's fragments, then completes the future of the command it answers. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                answer(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail("the browser closed the DevTools connection (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail("the DevTools connection failed: " + error);
        }

        private void answer(String text) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException e) {
                fail("unreadable DevTools message: " + e.getMessage());
                return;
            }
            Optional.ofNullable(node.get("id")).map(id -> calls.get(id.asLong())).ifPresent(call -> {
                JsonNode error = node.get("error");
                if (error != null) call.completeExceptionally(new CommandFailed(error.path("message").asText(error.toString())));
                else call.complete(node.path("result"));
            });
        }

        private void fail(String reason) {
            closed = reason;
            calls.values().forEach(call -> call.completeExceptionally(new CommandFailed(reason)));
        }
    }
}
