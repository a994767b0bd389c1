package dev.footfall.read;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Lowers the CPU priority of the calling thread (Linux: its nice value), for the threads that do
 * the heavy reading: the read threads, and the storage engine's own worker threads (which take
 * the nice value of the thread that starts them). When expensive queries keep every core busy,
 * the kernel then still runs health checks, event ingestion and other requests at once; when the
 * cores are idle, the reads get them all the same. Java's thread priorities do nothing on Linux;
 * the C library's setpriority on a thread id does. Elsewhere, or if the call fails, the thread
 * keeps its priority: reads are still bounded by their pool and deadline, only less politely.
 */
public final class LowPriority {
    private static final Logger LOG = Logger.getLogger(LowPriority.class.getName());
    /**
     * Nice 10 of 19: a nice-0 thread gets about ten times the CPU of a nice-10 one when both want
     * it, so a request thread is scheduled almost at once, yet the reads are not starved by other
     * busy processes either (19 would be).
     */
    static final int NICE = 10;
    /** setpriority's "which" for a process, which on Linux names a single thread when given a thread id. */
    private static final int PRIO_PROCESS = 0;

    private static final Optional<MethodHandle> SETPRIORITY;
    private static final Optional<MethodHandle> GETTID;

    static {
        Optional<MethodHandle> set = Optional.empty(), tid = Optional.empty();
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                set = libc.find("setpriority").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)));
                tid = libc.find("gettid").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT)));
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "no setpriority: read threads keep the default CPU priority", e);
            }
        }
        SETPRIORITY = set;
        GETTID = tid;
    }

    private LowPriority() {}

    /** Lowers the calling thread's priority to {@link #NICE}; true if it was lowered. */
    public static boolean apply() {
        return apply(NICE);
    }

    static boolean apply(int nice) {
        if (SETPRIORITY.isEmpty() || GETTID.isEmpty()) return false;
        try {
            int thread = (int) GETTID.get().invokeExact();
            return (int) SETPRIORITY.get().invokeExact(PRIO_PROCESS, thread, nice) == 0;
        } catch (Throwable e) {
            LOG.log(Level.FINE, "setpriority failed: this read thread keeps the default CPU priority", e);
            return false;
        }
    }
}
