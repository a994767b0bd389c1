package dev.footfall.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives wrk (C, event-loop based) with the bundled ingest.lua: on two shared cores it needs a
 * fraction of the CPU a JVM client does, so more is left to the server. wrk cannot separate a
 * warm-up from a measurement within one run, so the warm-up is a run of its own.
 *
 * <p>wrk stops with requests in flight and never reads their answers; the server may still commit
 * them, so storage can hold up to {@code concurrency} events per wrk run more than wrk counted.
 */
public final class WrkLoad {
    /** Matches the last line ingest.lua's done() writes. */
    private static final Pattern RESULT = Pattern.compile("FOOTFALL-BENCH requests=(\\d+) non2xx=(\\d+) socket_errors=(\\d+) "
            + "duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) max_us=(\\d+)");
    /** As SocketLoad: longer than the server's 30 s commit timeout, so slowness is latency, not an error. */
    private static final String TIMEOUT = "60s";

    private final Path wrk;
    private final String url;
    private final String domain;
    private final int threads;

    public WrkLoad(Path wrk, String url, String domain, int threads) {
        this.wrk = wrk;
        this.url = url;
        this.domain = domain;
        this.threads = threads;
    }

    /**
     * A warm-up run (none if {@code warmup} is zero), then the measured run. Acknowledged = answers
     * wrk counted minus its status errors: wrk counts every status of 400 or more as an error, and
     * the events endpoint answers nothing but 202 or an error status.
     */
    public LoadResult run(int concurrency, Duration warmup, Duration duration) throws IOException, InterruptedException {
        Path script = Files.createTempFile("footfall-ingest", ".lua");
        try (InputStream in = WrkLoad.class.getResourceAsStream("ingest.lua")) {
            Files.write(script, in.readAllBytes());
            Run warm = warmup.isZero() ? Run.NONE : runOnce(script, concurrency, warmup);
            Run measured = runOnce(script, concurrency, duration);
            Map<String, Long> other = new HashMap<>();
            if (warm.non2xx + measured.non2xx > 0) other.put("non-2xx", warm.non2xx + measured.non2xx);
            return new LoadResult("wrk (" + threads + " thread" + (threads == 1 ? "" : "s") + ", ingest.lua)",
                    warm.acknowledged() + measured.acknowledged(), measured.acknowledged(), measured.micros / 1e6,
                    measured.p50Micros / 1e3, measured.p99Micros / 1e3, measured.maxMicros / 1e3, other,
                    warm.socketErrors + measured.socketErrors, (warmup.isZero() ? 1L : 2L) * concurrency);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** What ingest.lua's done() reported for one wrk run. */
    private record Run(long requests, long non2xx, long socketErrors, long micros, long p50Micros, long p99Micros, long maxMicros) {
        static final Run NONE = new Run(0, 0, 0, 0, 0, 0, 0);

        static Run of(Matcher m) {
            return new Run(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), Long.parseLong(m.group(7)));
        }

        long acknowledged() {
            return requests - non2xx;
        }
    }

    private Run runOnce(Path script, int concurrency, Duration length) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(wrk.toString(), "-t" + threads, "-c" + concurrency,
                "-d" + Math.max(1, length.toSeconds()) + "s", "--timeout", TIMEOUT, "-s", script.toString(), url, "--", domain))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) throw new UncheckedIOException(new IOException("wrk failed:\n" + output));
        Matcher m = RESULT.matcher(output);
        if (!m.find()) throw new UncheckedIOException(new IOException("wrk printed no result:\n" + output));
        return Run.of(m);
    }
}
