package dev.footfall.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private ThreadCpu.Snapshot cpuAtStart;
    private long[] machineAtStart;
    private long startNanos;

    public ServerSampler(long pid, int port) {
        this.pid = pid;
        this.port = port;
    }

    /**
     * Highest values seen; RSS values in bytes (-1 when unknown), peak RSS from the kernel; the
     * server's CPU seconds by thread name and the whole machine's busy CPU seconds over the period.
     */
    public record Result(int samples, long maxRss, long peakRss, long maxLagEvents, double maxLagSeconds, String lastProblem,
                         double seconds, List<ThreadCpu.Usage> serverCpu, double machineBusySeconds) {}

    public void start() {
        cpuAtStart = ThreadCpu.Snapshot.of(pid);
        machineAtStart = machineTicks();
        startNanos = System.nanoTime();
        thread = Thread.ofPlatform().name("server-sampler").daemon().start(this::run);
    }

    public Result stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
        http.close();
        List<ThreadCpu.Usage> cpu = ThreadCpu.Snapshot.of(pid).byNameSince(cpuAtStart);
        long[] machine = machineTicks();
        double busy = (machine[0] - machineAtStart[0]) / ThreadCpu.TICKS_PER_SECOND;
        return new Result(samples, maxRss, status(pid, "VmHWM:"), maxLagEvents, maxLagSeconds, lastProblem,
                (System.nanoTime() - startNanos) / 1e9, cpu, busy);
    }

    /** The machine's busy and idle clock ticks so far (the first line of /proc/stat); zeros when unknown. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle and iowait
            long all = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) all += Long.parseLong(f[i]); // user .. steal; guest is inside user
            return new long[]{all - idle, idle};
        } catch (IOException | RuntimeException notLinux) {
            return new long[]{0, 0};
        }
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
