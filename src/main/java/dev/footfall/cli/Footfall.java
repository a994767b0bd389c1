package dev.footfall.cli;

import dev.footfall.server.FootfallServer;
import dev.footfall.store.DataDirectoryInUseException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code footfall} command line: one class per subcommand. */
@Command(name = "footfall", mixinStandardHelpOptions = true, versionProvider = Footfall.Version.class,
        description = "Self-hosted, privacy-friendly web analytics.",
        subcommands = {ServeCommand.class, DemoCommand.class, SitesCommand.class, KeysCommand.class, ImportCommand.class, ImportsCommand.class, ExportCommand.class, RollupCommand.class, ArchiveCommand.class,
                CommandLine.HelpCommand.class},
        // The benchmarks are not in the server's jar: the launcher runs `footfall bench` from target/footfall-bench.jar.
        footer = {"", "Benchmarks (their own jar, target/footfall-bench.jar, run by the launcher):",
                "  bench    Measure Footfall's performance: ingest, stats, history,",
                "             cardinality, dashboard, rollups (footfall bench --help)."})
public final class Footfall {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(new Footfall());
    }

    /** A command line for {@code command} (this one, or another tool's top command such as the benchmarks') with footfall's handling of failures. */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        // Expected failures (a locked data directory, a bad flag value) print one line, not a stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataDirectoryInUseException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("footfall: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"footfall " + FootfallServer.VERSION};
        }
    }
}
