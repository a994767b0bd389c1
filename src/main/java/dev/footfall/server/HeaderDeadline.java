package dev.footfall.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes an HTTP/1 connection whose request headers do not arrive whole within a deadline of
 * the request line. Helidon 4.4's webserver has no such setting: its socket read timeout applies
 * to each read, and its idle-connection timeout counts from the request line but does not
 * interrupt a connection that is reading headers, so a client sending a header line every 10 s
 * held a connection, and its thread, for as long as it liked (slowloris). The request line itself
 * is bounded by the idle-connection timeout, which interrupts a connection waiting for one.
 *
 * <p>A receive listener of the HTTP/1 protocol notes when each request line arrives and when its
 * headers are complete; a watchdog closes the socket of any connection past the deadline between
 * the two.
 */
final class HeaderDeadline implements Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class.getName());

    private final long deadlineNanos;
    /** Connections between their request line and the end of its headers, with when the line arrived. */
    private final Map<ConnectionContext, Long> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("footfall-header-deadline").daemon().factory());

    /** @param checkEvery how often the watchdog looks: a connection is closed at most this late */
    HeaderDeadline(Duration deadline, Duration checkEvery) {
        this.deadlineNanos = deadline.toNanos();
        watchdog.scheduleWithFixedDelay(this::closeLate, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        reading.put(ctx, System.nanoTime());
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        reading.remove(ctx);
    }

    private void closeLate() {
        long now = System.nanoTime();
        reading.forEach((ctx, since) -> {
            if (now - since <= deadlineNanos || !reading.remove(ctx, since)) return;
            try {
                // Closing the channel ends the blocked read of the connection's thread, which then ends the connection.
                ctx.serverSocket().close();
                LOG.fine(() -> "closed a connection from " + ctx.remotePeer().address() + " whose request headers were late");
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a connection whose request headers were late", e);
            }
        });
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
