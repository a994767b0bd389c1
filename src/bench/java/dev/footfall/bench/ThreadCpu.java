package dev.footfall.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of a child process by thread (Linux {@code /proc/PID/task}), sampled while it runs, so
 * that a benchmark can say where the time went without a profiler: Java names its threads (the
 * kernel keeps the first 15 characters), and native time (DuckDB's appender, fsync) counts for the
 * thread that spends it, which a Java sampling profiler does not show. Also the process's peak RSS.
 * A thread that ends between two samples loses at most one period of CPU time.
 */
public final class ThreadCpu {
    /** Samples this often: a thread's last period is all that can be missed. */
    private static final long PERIOD_MILLIS = 250;
    /** Linux reports thread CPU in clock ticks of 1/100 s (USER_HZ, 100 on every mainstream architecture). */
    static final double TICKS_PER_SECOND = 100;

    private final long pid;
    private final Map<Long, Task> tasks = new HashMap<>();
    private volatile boolean stopping;
    private long peakRss = -1;
    private Thread thread;

    private record Task(String name, long ticks) {}

    public ThreadCpu(long pid) {
        this.pid = pid;
    }

    public void start() {
        thread = Thread.ofPlatform().name("thread-cpu").daemon().start(() -> {
            while (!stopping) {
                sample();
                try {
                    TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** One thread's CPU time; threads of the same name (e.g. the launcher's and native ones, all "java") stay apart. */
    public record Usage(long tid, String name, double seconds) {}

    /** Stops sampling; returns every thread's CPU time, the busiest first. */
    public List<Usage> stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
        return tasks.entrySet().stream().map(e -> new Usage(e.getKey(), e.getValue().name, e.getValue().ticks / TICKS_PER_SECOND))
                .sorted(Comparator.comparingDouble(Usage::seconds).reversed()).toList();
    }

    /** The process's peak resident set (VmHWM) as last seen; -1 if never read. */
    public long peakRss() {
        return peakRss;
    }

    private void sample() {
        long hwm = ServerSampler.status(pid, "VmHWM:");
        if (hwm > 0) peakRss = hwm;
        tasks.putAll(read(pid));
    }

    /** Every thread's CPU time so far; empty once the process is gone. */
    private static Map<Long, Task> read(long pid) {
        Map<Long, Task> tasks = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path dir : dirs) {
                try {
                    String name = Files.readString(dir.resolve("comm")).strip();
                    String stat = Files.readString(dir.resolve("stat"));
                    // Fields after the parenthesised name: state is field 3, utime 14 and stime 15 (man 5 proc).
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    tasks.put(Long.parseLong(dir.getFileName().toString()), new Task(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has ended
        }
        return tasks;
    }

    /** The CPU time of a running process's threads at one moment, to subtract from a later one. */
    public static final class Snapshot {
        private final Map<Long, Task> tasks;

        private Snapshot(Map<Long, Task> tasks) {
            this.tasks = tasks;
        }

        public static Snapshot of(long pid) {
            return new Snapshot(read(pid));
        }

        /** CPU seconds spent since {@code earlier}, summed by thread name, the busiest first. */
        public List<Usage> byNameSince(Snapshot earlier) {
            Map<String, Long> ticks = new HashMap<>();
            for (var e : tasks.entrySet()) {
                Task before = earlier.tasks.get(e.getKey());
                ticks.merge(e.getValue().name, e.getValue().ticks - (before == null ? 0 : before.ticks), Long::sum);
            }
            return ticks.entrySet().stream().map(e -> new Usage(0, e.getKey(), e.getValue() / TICKS_PER_SECOND))
                    .sorted(Comparator.comparingDouble(Usage::seconds).reversed()).toList();
        }
    }
}
