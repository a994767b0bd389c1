package dev.footfall.cli;

import dev.footfall.server.FatalErrors;
import dev.footfall.server.FootfallServer;
import dev.footfall.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Footfall server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = options.config(); // a mistyped flag is reported before anything starts
        FatalErrors.install(); // a server that lost a vital thread exits, so its supervisor restarts it
        FootfallServer server = FootfallServer.start(config);
        System.out.println("Footfall is running on http://localhost:" + server.port() + " (data: " + options.data.dataDir + ")");
        runUntilStopped(server);
        return 0;
    }

    /** Blocks until SIGTERM/SIGINT, then shuts down cleanly: everything queued is committed first. */
    static void runUntilStopped(FootfallServer server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
