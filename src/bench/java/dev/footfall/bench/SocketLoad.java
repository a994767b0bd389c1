package dev.footfall.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load generator in Java: {@code concurrency} virtual threads, each with one
 * keep-alive connection, sending one event and waiting for its answer before the next. Plain
 * sockets rather than java.net.http.HttpClient: the client shares the server's two cores, and a
 * minimal HTTP/1.1 exchange leaves more of them to the server. Every request is answered before
 * the run ends, so the acknowledged count is exact.
 */
public final class SocketLoad {
    /** Longer than the server's own commit timeout (30 s), so a slow commit shows as latency, not as a client error. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;
    /** Pause after a failed connection, so a server that is gone does not turn the workers into a busy loop. */
    private static final long RECONNECT_PAUSE_MILLIS = 50;
    /** Status line and headers of an answer; the server's are under 200 bytes. */
    private static final int MAX_HEAD_BYTES = 8192;

    private final InetSocketAddress server;
    private final EventMix mix;

    public SocketLoad(InetSocketAddress server, String domain) {
        this.server = server;
        this.mix = new EventMix(domain);
    }

    public LoadResult run(int concurrency, Duration warmup, Duration duration) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Future<Worker>> futures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            SplittableRandom seeds = new SplittableRandom();
            for (int i = 0; i < concurrency; i++) {
                Worker worker = new Worker(seeds.split(), measureFrom, end);
                futures.add(executor.submit(() -> {
                    worker.run();
                    return worker;
                }));
            }
        }
        long acknowledged = 0, measured = 0, ioErrors = 0;
        Map<String, Long> other = new HashMap<>();
        List<Latencies> latencies = new ArrayList<>();
        for (Future<Worker> f : futures) {
            Worker w = f.get();
            acknowledged += w.acknowledged;
            measured += w.latencies.size();
            ioErrors += w.ioErrors;
            w.otherStatuses.forEach((status, n) -> other.merge(status, n, Long::sum));
            latencies.add(w.latencies);
        }
        long[] sorted = Latencies.sorted(latencies);
        return new LoadResult("java (virtual threads, raw HTTP/1.1)", acknowledged, measured, duration.toNanos() / 1e9,
                Latencies.millisAt(sorted, 0.50), Latencies.millisAt(sorted, 0.99), Latencies.millisAt(sorted, 1.0),
                other, ioErrors, 0);
    }

    /** One connection's loop; its counters are read only after it has finished. */
    private final class Worker {
        private final SplittableRandom random;
        private final long measureFrom;
        private final long end;
        private final String host = server.getHostString() + ":" + server.getPort();
        private final Latencies latencies = new Latencies();
        private final Map<String, Long> otherStatuses = new HashMap<>();
        private final byte[] head = new byte[MAX_HEAD_BYTES];
        private long acknowledged;
        private long ioErrors;

        Worker(SplittableRandom random, long measureFrom, long end) {
            this.random = random;
            this.measureFrom = measureFrom;
            this.end = end;
        }

        void run() throws InterruptedException {
            while (System.nanoTime() < end) {
                try (Socket socket = new Socket()) {
                    socket.connect(server, READ_TIMEOUT_MILLIS);
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                    exchangeUntilEnd(socket.getOutputStream(), new BufferedInputStream(socket.getInputStream()));
                } catch (IOException e) {
                    ioErrors++;
                    Thread.sleep(RECONNECT_PAUSE_MILLIS);
                }
            }
        }

        private void exchangeUntilEnd(OutputStream out, InputStream in) throws IOException {
            long sent;
            while ((sent = System.nanoTime()) < end) {
                out.write(mix.request(random, host));
                out.flush();
                int status = readResponse(in);
                long latency = System.nanoTime() - sent;
                if (status == 202) {
                    acknowledged++;
                    if (sent >= measureFrom) latencies.record(latency);
                } else {
                    otherStatuses.merge(Integer.toString(status), 1L, Long::sum);
                }
            }
        }

        /** Reads one answer (head, then a Content-Length body) and returns its status code. */
        private int readResponse(InputStream in) throws IOException {
            int length = 0;
            while (length < 4 || !(head[length - 4] == '\r' && head[length - 3] == '\n' && head[length - 2] == '\r' && head[length - 1] == '\n')) {
                int b = in.read();
                if (b < 0) throw new EOFException("connection closed mid-answer");
                if (length == head.length) throw new IOException("answer head too long");
                head[length++] = (byte) b;
            }
            String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12)); // "HTTP/1.1 202 ..."
            in.skipNBytes(contentLength(text));
            return status;
        }

        private static long contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) return Long.parseLong(line.substring(15).strip());
            }
            return 0;
        }
    }
}
