package dev.footfall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.api.EventsExportApi;
import dev.footfall.events.ExportFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An export through a running server's {@code GET /api/v1/events/export}, for when the server holds
 * the data directory. The server sends the file as its engine makes it (CSV and NDJSON chunked,
 * Parquet with its length); this copies it to disk as it arrives, so memory stays constant here
 * too. A download the server cut short ends without its last chunk, which fails the copy.
 */
final class ServerExport {
    /** A server on the same machine answers at once; longer means it is not there. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** An error body is one short JSON object; more is not worth reading. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    /** The API's parameters as this command's flags, so errors name what the user typed. */
    private static final Map<String, String> FLAGS = Map.of("site_id", "--site", "from", "--from", "to", "--to", "format", "--format");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String apiKey;

    ServerExport(URI server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    /**
     * Downloads the export of {@code site} into {@code file}.
     *
     * @param from as the user typed it, or null; the server reads dates in the site's time zone
     * @return the number of events in the file
     */
    long download(String site, String from, String to, ExportFormat format, Path file, TerminalProgress progress) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("site_id", site);
        query.put("format", format.extension());
        if (from != null) query.put("from", from);
        if (to != null) query.put("to", to);
        StringBuilder url = new StringBuilder(server.toString().replaceAll("/+$", "")).append("/api/v1/events/export");
        String separator = "?";
        for (var entry : query.entrySet()) {
            url.append(separator).append(entry.getKey()).append('=').append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString())).header("Authorization", "Bearer " + apiKey).GET().build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) throw refusal(response.statusCode(), body);
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                copy(body, file, length, progress);
                return response.headers().firstValueAsLong(EventsExportApi.ROWS_HEADER).orElse(-1);
            }
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("a server holds the data directory, but nothing answers at " + server
                    + " (pass --server URL, or stop the server to export offline)", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot export through the server at " + server + ": "
                    + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting through " + server, e);
        }
    }

    private static void copy(InputStream body, Path file, long length, TerminalProgress progress) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                done += n;
                progress.update(done, length);
            }
        }
        if (length >= 0 && done != length) throw new IOException("the download ended after " + done + " of " + length + " bytes");
    }

    /** The server's refusal as one line naming the flag at fault. */
    private RuntimeException refusal(int status, InputStream body) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(body.readNBytes(MAX_ERROR_BYTES));
        } catch (IOException e) {
            json = null;
        }
        JsonNode errors = json == null ? null : json.get("errors");
        if (status == 400 && errors != null && errors.isObject() && errors.size() > 0) {
            var field = errors.fields().next();
            return new IllegalArgumentException(FLAGS.getOrDefault(field.getKey(), field.getKey()) + " " + field.getValue().asText());
        }
        Optional<String> error = Optional.ofNullable(json).map(j -> j.get("error")).map(JsonNode::asText);
        if (status == 401) return new IllegalArgumentException("the server at " + server + " refused the API key: " + error.orElse("HTTP 401"));
        if (status == 404 && error.isPresent()) return new IllegalArgumentException("--site: the server at " + server + " says " + error.get());
        return new IllegalStateException("the server at " + server + " answered HTTP " + status + error.map(e -> ": " + e)
                .orElse(" (is it a Footfall server, of this version?)"));
    }
}
