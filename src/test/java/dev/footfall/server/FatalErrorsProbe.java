package dev.footfall.server;

/**
 * A JVM with {@link FatalErrors} installed that then meets one kind of failure, named by its
 * argument; run as a child process by {@link FatalErrorsTest}, which looks at how it ends.
 */
public final class FatalErrorsProbe {
    private FatalErrorsProbe() {}

    public static void main(String[] args) throws Exception {
        FatalErrors.install();
        Thread failing = switch (args[0]) {
            // as when a request's allocation fails on a platform thread and nothing catches it
            case "thrown" -> Thread.ofPlatform().name("worker").start(() -> {
                throw new OutOfMemoryError("Java heap space");
            });
            // as the web server's acceptor does: it catches what its loop throws, logs it and stops
            case "logged" -> Thread.ofPlatform().name("server-@default-listener").start(() -> {
                try {
                    throw new OutOfMemoryError("Java heap space");
                } catch (Throwable e) {
                    System.getLogger("io.helidon.webserver.ServerListener").log(System.Logger.Level.ERROR, "Listener failed", e);
                }
            });
            // as when the writer's loop meets an exception it does not handle
            case "own-thread" -> Thread.ofPlatform().name("footfall-writer").start(() -> {
                throw new IllegalStateException("the database is unusable");
            });
            // as a request handler's failure, and a deep recursion in one: that request fails, the server goes on
            case "request" -> Thread.ofVirtual().start(() -> {
                Thread.ofVirtual().start(FatalErrorsProbe::recurse);
                throw new IllegalStateException("bad request");
            });
            default -> throw new IllegalArgumentException(args[0]);
        };
        failing.join();
        Thread.sleep(500); // time for a halt to happen, if one is coming
        System.out.println("still running");
    }

    private static int recurse() {
        return recurse() + 1;
    }
}
