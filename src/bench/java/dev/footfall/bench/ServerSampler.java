package dev.footfall.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Watches the server process while the load runs: its resident memory (Linux {@code /proc}) and
 * the loader's lag behind the journal ({@code /metrics}), once every {@link #PERIOD_MILLIS}, keeping
 * the highest of each. Peak RSS is also the kernel's own high-water mark (VmHWM), which no sample
 * can miss; the samples say whether it was reached under load.
 */
public final class ServerSampler {
    /** Often enough to see the lag grow over a 10 s run, rare enough to cost the server nothing. */
    private static final long PERIOD_MILLIS = 1000;

    private final long pid;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile boolean stopping;
    private Thread thread;
    private long maxRss = -1;
    private long maxLagEvents;
    private double maxLagSeconds;
    private int samples;
    private String lastProblem;

    public ServerSampler(long pid, int port) {
        this.pid = pid;
        this.port = port;
    }

    /** Highest values seen; RSS values in bytes (-1 when unknown), peak RSS from the kernel. */
    public record Result(int samples, long maxRss, long peakRss, long maxLagEvents, double maxLagSeconds, String lastProblem) {}

    public void start() {
        thread = Thread.ofPlatform().name("server-sampler").daemon().start(this::run);
    }

    public Result stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
        http.close();
        return new Result(samples, maxRss, status(pid, "VmHWM:"), maxLagEvents, maxLagSeconds, lastProblem);
    }

    private void run() {
        while (!stopping) {
            maxRss = Math.max(maxRss, status(pid, "VmRSS:"));
            try {
                ServerMetrics m = ServerMetrics.scrape(http, port);
                maxLagEvents = Math.max(maxLagEvents, (long) m.value("footfall_loader_lag_events"));
                maxLagSeconds = Math.max(maxLagSeconds, m.value("footfall_loader_lag_seconds"));
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                return;
            }
            samples++;
            try {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A size line of {@code /proc/PID/status} (e.g. "VmRSS:"), in bytes; -1 if unknown (not Linux, or the process is gone). */
    public static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException gone) {
            // unknown
        }
        return -1;
    }
}
