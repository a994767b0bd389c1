package dev.footfall.cli;

import dev.footfall.server.FootfallServer;
import dev.footfall.store.DataDirectoryInUseException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code footfall} command line: one class per subcommand. */
@Command(name = "footfall", mixinStandardHelpOptions = true, versionProvider = Footfall.Version.class,
        description = "Self-hosted, privacy-friendly web analytics.",
        subcommands = {ServeCommand.class, DemoCommand.class, SitesCommand.class, KeysCommand.class, ImportCommand.class, ExportCommand.class, RollupCommand.class, ArchiveCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Footfall {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Footfall());
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
