package dev.footfall.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * One scrape of the server's {@code /metrics} (Prometheus text format), read by metric name: the
 * loader's lag and the journal's and loader's batch histograms say where ingest time goes.
 */
public final class ServerMetrics {
    /** Sums over every label set, by series name (e.g. {@code footfall_commit_batch_events_sum}). */
    private final Map<String, Double> values;

    private ServerMetrics(Map<String, Double> values) {
        this.values = values;
    }

    /** Scrapes the server on {@code port}. */
    public static ServerMetrics scrape(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IOException("/metrics answered " + res.statusCode());
        return parse(res.body());
    }

    static ServerMetrics parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            int valueStart = line.lastIndexOf(' ');
            if (nameEnd <= 0 || valueStart <= 0) continue;
            try {
                values.merge(line.substring(0, nameEnd), Double.parseDouble(line.substring(valueStart + 1)), Double::sum);
            } catch (NumberFormatException e) {
                // a value this reader does not need (e.g. a timestamp suffix); skip the line
            }
        }
        return new ServerMetrics(values);
    }

    /** The series' value (summed over labels); 0 when absent. */
    public double value(String series) {
        return values.getOrDefault(series, 0.0);
    }

    /** A histogram's mean (sum / count) since the server started; 0 when it has no observations. */
    public double mean(String histogram) {
        double count = value(histogram + "_count");
        return count == 0 ? 0 : value(histogram + "_sum") / count;
    }

    /** A histogram's mean over what was observed since {@code earlier}; 0 when nothing was. */
    public double meanSince(ServerMetrics earlier, String histogram) {
        double count = value(histogram + "_count") - earlier.value(histogram + "_count");
        return count == 0 ? 0 : (value(histogram + "_sum") - earlier.value(histogram + "_sum")) / count;
    }

    /** A histogram's observation count since {@code earlier}. */
    public double countSince(ServerMetrics earlier, String histogram) {
        return value(histogram + "_count") - earlier.value(histogram + "_count");
    }
}
