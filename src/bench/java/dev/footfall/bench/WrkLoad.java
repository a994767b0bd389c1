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
import java.util.Optional;
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

    private final String url;
    private final String domain;
    private final int threads;

    public WrkLoad(String url, String domain, int threads) {
        this.url = url;
        this.domain = domain;
        this.threads = threads;
    }

    /** The wrk executable on PATH, if any. */
    public static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    public LoadResult run(Path wrk, int concurrency, Duration warmup, Duration duration) throws IOException, InterruptedException {
        Path script = Files.createTempFile("footfall-ingest", ".lua");
        try (InputStream in = WrkLoad.class.getResourceAsStream("ingest.lua")) {
            Files.write(script, in.readAllBytes());
            Matcher warm = runOnce(wrk, script, concurrency, warmup);
            Matcher measured = runOnce(wrk, script, concurrency, duration);
            long warmAcks = Long.parseLong(warm.group(1)) - Long.parseLong(warm.group(2));
            long acks = Long.parseLong(measured.group(1)) - Long.parseLong(measured.group(2));
            Map<String, Long> other = new HashMap<>();
            long non2xx = Long.parseLong(warm.group(2)) + Long.parseLong(measured.group(2));
            if (non2xx > 0) other.put("non-2xx", non2xx);
            long socketErrors = Long.parseLong(warm.group(3)) + Long.parseLong(measured.group(3));
            return new LoadResult("wrk (" + threads + " thread" + (threads == 1 ? "" : "s") + ", ingest.lua)",
                    warmAcks + acks, acks, Long.parseLong(measured.group(4)) / 1e6,
                    Long.parseLong(measured.group(5)) / 1e3, Long.parseLong(measured.group(6)) / 1e3,
                    Long.parseLong(measured.group(7)) / 1e3, other, socketErrors, 2L * concurrency);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private Matcher runOnce(Path wrk, Path script, int concurrency, Duration length) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(wrk.toString(), "-t" + threads, "-c" + concurrency,
                "-d" + Math.max(1, length.toSeconds()) + "s", "--timeout", TIMEOUT, "-s", script.toString(), url, "--", domain))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) throw new UncheckedIOException(new IOException("wrk failed:\n" + output));
        Matcher m = RESULT.matcher(output);
        if (!m.find()) throw new UncheckedIOException(new IOException("wrk printed no result:\n" + output));
        return m;
    }
}
