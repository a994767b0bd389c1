package dev.footfall.api;

import dev.footfall.TestServer;
import dev.footfall.server.ServerConfig;
import dev.footfall.store.duckdb.GeneratedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports of sites large enough to need several pieces, against a real server over HTTP: an
 * export holds one piece on disk however slowly it is read, exports in flight are bounded per
 * site and in all, and a download whose client disconnects or stops reading gives its place and
 * its piece back.
 */
class ExportLimitsTest {
    /** Four pieces of fifty thousand events, about 30 MB of CSV: more than socket buffers hold. */
    static final long BIG_EVENTS = 200_000;
    static final long SMALL_EVENTS = 2_000;
    static final List<String> BIG_SITES = List.of("a.test", "b.test");
    static final String SMALL_SITE = "c.test";

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void generate() {
        for (String site : BIG_SITES) GeneratedEvents.write(dataDir, site, BIG_EVENTS, LocalDate.of(2024, 5, 1), 30);
        GeneratedEvents.write(dataDir, SMALL_SITE, SMALL_EVENTS, LocalDate.of(2024, 5, 1), 30);
    }

    static TestServer server(Duration stallTimeout) {
        return TestServer.start(new ServerConfig(dataDir, 0, "127.0.0.1", Optional.of(TestServer.ADMIN_KEY), Optional.empty(),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", ServerConfig.DEFAULT_QUEUE_CAPACITY, false, 0)
                .withExportStallTimeout(stallTimeout));
    }

    static String path(String site) {
        return "/api/v1/events/export?site_id=" + site + "&format=csv";
    }

    /** Export pieces in the data directory's temporary directory now. */
    static List<Path> pieces() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("tmp"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("export-")).toList();
        }
    }

    static void awaitNoPieces() throws Exception {
        for (int i = 0; i < 600 && !pieces().isEmpty(); i++) Thread.sleep(50);
        assertThat(pieces()).as("export pieces left in the temporary directory").isEmpty();
    }

    /**
     * A download that reads only the status line and headers, then nothing: with a small receive
     * window, the server soon blocks sending it.
     */
    static final class StalledDownload implements AutoCloseable {
        final Socket socket = new Socket();
        final String head;

        StalledDownload(TestServer server, String site) throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.server.port()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path(site) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.ADMIN_KEY + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.write(b);
            }
            this.head = head.toString(StandardCharsets.ISO_8859_1);
        }

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        /** What is left of the body, up to the end of the connection (or a reset, which ends it too). */
        byte[] rest() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(body);
            } catch (SocketException reset) {
                // the server closed the connection with data unread: the body ends here
            }
            return body.toByteArray();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aSlowDownloadHoldsOnePieceOnDiskNeverTheWholeFile() throws Exception {
        try (TestServer server = server(ServerConfig.DEFAULT_EXPORT_STALL_TIMEOUT); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(server.uri(path("a.test")))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue(EventsExportApi.ROWS_HEADER)).hasValue(String.valueOf(BIG_EVENTS));
            assertThat(res.headers().firstValue("Content-Length")).as("sent while it is made: the length is not known").isEmpty();

            long bodyBytes = 0, lines = 0, mostPieces = 0, mostPieceBytes = 0;
            byte[] buffer = new byte[256 * 1024];
            try (InputStream body = res.body()) {
                for (int n; (n = body.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    bodyBytes += n;
                    for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
                    // between two reads the server waits for this client: what it holds on disk now
                    List<Path> held = pieces();
                    long heldBytes = 0;
                    for (Path piece : held) {
                        try {
                            heldBytes += Files.size(piece);
                        } catch (java.nio.file.NoSuchFileException sent) {
                            // sent and deleted between the listing and now
                        }
                    }
                    mostPieces = Math.max(mostPieces, held.size());
                    mostPieceBytes = Math.max(mostPieceBytes, heldBytes);
                }
            }
            assertThat(lines).as("a header line and one line per event").isEqualTo(1 + BIG_EVENTS);
            assertThat(mostPieces).as("export pieces on disk at once").isEqualTo(1);
            assertThat(mostPieceBytes).as("bytes on disk at most, of " + bodyBytes + " sent").isLessThan(bodyBytes / 3);
            awaitNoPieces();
        }
    }

    @Test
    void exportsInFlightAreBoundedPerSiteAndInAllAndADisconnectFreesItsPlace() throws Exception {
        try (TestServer server = server(ServerConfig.DEFAULT_EXPORT_STALL_TIMEOUT)) {
            List<StalledDownload> stalled = new ArrayList<>();
            try {
                for (String site : BIG_SITES) {
                    for (int i = 0; i < EventsExportApi.EXPORTS_PER_SITE; i++) {
                        StalledDownload download = new StalledDownload(server, site);
                        stalled.add(download);
                        assertThat(download.status()).isEqualTo(200);
                    }
                }
                assertThat(stalled).hasSize(EventsExportApi.EXPORTS_IN_FLIGHT);
                assertThat(pieces()).as("one piece per download in flight").hasSize(EventsExportApi.EXPORTS_IN_FLIGHT);

                HttpResponse<String> sameSite = server.send(HttpRequest.newBuilder(server.uri(path("a.test")))
                        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
                assertThat(sameSite.statusCode()).isEqualTo(503);
                assertThat(sameSite.headers().firstValue("Retry-After")).hasValue("30");
                assertThat(sameSite.body()).isEqualTo("{\"error\":\"too many exports are running (at most 2 per site and 4 in all); "
                        + "retry when one has finished\"}");
                HttpResponse<String> otherSite = server.send(HttpRequest.newBuilder(server.uri(path(SMALL_SITE)))
                        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
                assertThat(otherSite.statusCode()).as("every place is taken").isEqualTo(503);

                // One client goes away: its piece is deleted and its place given to the next export.
                stalled.removeFirst().close();
                HttpResponse<String> next = null;
                for (int i = 0; i < 600; i++) {
                    next = server.send(HttpRequest.newBuilder(server.uri(path(SMALL_SITE))).header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
                    if (next.statusCode() != 503) break;
                    Thread.sleep(50);
                }
                assertThat(next.statusCode()).isEqualTo(200);
                assertThat(next.body().lines().count()).isEqualTo(1 + SMALL_EVENTS);
                assertThat(pieces()).hasSize(EventsExportApi.EXPORTS_IN_FLIGHT - 1);
            } finally {
                for (StalledDownload download : stalled) download.close();
            }
            awaitNoPieces();
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndItsPlaceFreed() throws Exception {
        try (TestServer server = server(Duration.ofSeconds(1))) {
            try (StalledDownload stalled = new StalledDownload(server, "b.test")) {
                assertThat(stalled.status()).isEqualTo(200);
                assertThat(stalled.head).containsIgnoringCase("Transfer-Encoding: chunked");
                // The piece being sent stays on disk until it is sent or the download is cut.
                awaitNoPieces();
                byte[] rest = stalled.rest();
                String end = new String(rest, Math.max(0, rest.length - 5), Math.min(5, rest.length), StandardCharsets.ISO_8859_1);
                assertThat(end).as("a cut body lacks the last chunk, so no client takes it for complete").isNotEqualTo("0\r\n\r\n");
            }
            for (int i = 0; i < EventsExportApi.EXPORTS_PER_SITE; i++) {
                HttpResponse<String> again = server.send(HttpRequest.newBuilder(server.uri(path(SMALL_SITE)))
                        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
                assertThat(again.statusCode()).isEqualTo(200);
                assertThat(again.body().lines().count()).isEqualTo(1 + SMALL_EVENTS);
            }
        }
    }
}
