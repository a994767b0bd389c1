package dev.footfall.server;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A long-running server never stays half alive: after an {@link OutOfMemoryError}, or when one of
 * Footfall's own threads dies, the process ends at once, so that a supervisor (systemd's
 * {@code Restart=always}, docs/operations.md) starts a fresh one. Nothing acknowledged is lost:
 * an event is answered 202 only once committed.
 *
 * <p>The launcher runs the JVM with {@code -XX:+ExitOnOutOfMemoryError}, which ends the process
 * where the error is thrown. This is the same rule for a JVM started without that flag (e.g.
 * {@code java -jar footfall.jar serve}): the web server's acceptor catches and only logs what its
 * loop throws, so an out-of-memory there used to leave a process that answered nothing and never
 * exited. Hence both an uncaught-exception handler and a watch on what is logged.
 */
public final class FatalErrors {
    private static final Logger LOG = Logger.getLogger(FatalErrors.class.getName());
    /** The exit status of HotSpot's own ExitOnOutOfMemoryError, so a supervisor sees one status for one cause. */
    public static final int EXIT_STATUS = 3;
    /** JVM flags that already end the process on an out-of-memory error. */
    private static final Set<String> EXITING_FLAGS = Set.of("ExitOnOutOfMemoryError", "CrashOnOutOfMemoryError");
    /** Footfall's own threads are named so; each one ends only when the server closes. */
    private static final String OWN_THREADS = "footfall-";
    /** Made before it is needed: after an out-of-memory error, building a message may itself fail. */
    private static final String OUT_OF_MEMORY = "footfall: fatal OutOfMemoryError; exiting so that the supervisor restarts the server";

    private FatalErrors() {}

    /**
     * From now on, an out-of-memory error anywhere (thrown out of a thread, or caught and logged
     * by a library), or any exception that ends one of Footfall's own threads, halts the process
     * with {@link #EXIT_STATUS}. Shutdown hooks are skipped: they could wait on the thread that died.
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (causedByOutOfMemory(e)) halt(OUT_OF_MEMORY);
            if (!thread.isVirtual() && thread.getName().startsWith(OWN_THREADS)) {
                halt("footfall: the thread " + thread.getName() + " died of " + e + "; exiting so that the supervisor restarts the server");
            }
            System.err.println("footfall: uncaught in thread " + thread.getName() + ": " + e);
            e.printStackTrace();
        });
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null && causedByOutOfMemory(record.getThrown())) halt(OUT_OF_MEMORY);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        if (!exitsOnOutOfMemory()) {
            LOG.warning("the JVM runs without -XX:+ExitOnOutOfMemoryError (the launcher passes it); "
                    + "an out-of-memory error is still fatal, but only once it is thrown out of a thread or logged");
        }
    }

    static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** Whether the JVM itself already exits (or crashes) on an out-of-memory error. */
    static boolean exitsOnOutOfMemory() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String flag : EXITING_FLAGS) if (Boolean.parseBoolean(hotspot.getVMOption(flag).getValue())) return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot read the JVM's flags", e);
        }
        return false;
    }

    private static void halt(String message) {
        try {
            System.err.println(message);
            System.err.flush();
        } finally {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
