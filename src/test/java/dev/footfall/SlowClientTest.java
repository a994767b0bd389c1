package dev.footfall;

import dev.footfall.server.FootfallServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that trickle a request to hold connections open (slowloris) are cut off: headers must
 * arrive within {@link FootfallServer#HEADER_DEADLINE} of the request line, however regularly
 * lines keep coming, and a request line within {@link FootfallServer#IDLE_CONNECTION_TIMEOUT}.
 */
class SlowClientTest {
    /** Far faster than the deadlines: the connection must not survive by looking busy. */
    private static final Duration TRICKLE = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    @Test
    void connectionsTricklingTheirRequestAreClosedAtTheDeadlines() throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             Socket headers = new Socket("127.0.0.1", server.server.port());
             Socket requestLine = new Socket("127.0.0.1", server.server.port())) {
            headers.setSoTimeout(200);
            requestLine.setSoTimeout(200);
            long start = System.nanoTime();
            headers.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = "GET /api/health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
            Duration headersClosed = null, requestLineClosed = null;
            // The watchdogs' periods (1 s for headers, 5 s for idle connections), a trickle step,
            // and a loaded machine's scheduling.
            Duration give = Duration.ofSeconds(12);
            Duration stop = FootfallServer.IDLE_CONNECTION_TIMEOUT.plus(give);
            for (int i = 0; (headersClosed == null || requestLineClosed == null) && Duration.ofNanos(System.nanoTime() - start).compareTo(stop) < 0; i++) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (headersClosed == null && !trickle(headers, ("X-Slow-" + i + ": still here\r\n").getBytes(StandardCharsets.US_ASCII))) {
                    headersClosed = elapsed;
                }
                if (requestLineClosed == null && !trickle(requestLine, new byte[] {line[i % line.length]})) requestLineClosed = elapsed;
                // Meanwhile the server answers others at once.
                assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/health")).timeout(Duration.ofSeconds(5)).GET()).statusCode())
                        .isEqualTo(200);
                Thread.sleep(TRICKLE.toMillis());
            }
            assertThat(headersClosed).as("headers trickled every " + TRICKLE.toSeconds() + " s: closed after")
                    .isBetween(FootfallServer.HEADER_DEADLINE.minus(TRICKLE), FootfallServer.HEADER_DEADLINE.plus(give.dividedBy(2)));
            assertThat(requestLineClosed).as("a request line trickled a byte every " + TRICKLE.toSeconds() + " s: closed after")
                    .isBetween(FootfallServer.IDLE_CONNECTION_TIMEOUT.minus(TRICKLE), FootfallServer.IDLE_CONNECTION_TIMEOUT.plus(give));
        }
    }

    /** Sends a little more of the request; false once the server has closed the connection. */
    private static boolean trickle(Socket socket, byte[] bytes) {
        try {
            InputStream in = socket.getInputStream();
            try {
                if (in.read() < 0) return false;
            } catch (java.net.SocketTimeoutException e) {
                // nothing to read: still open
            }
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false; // reset by the server
        }
    }
}
