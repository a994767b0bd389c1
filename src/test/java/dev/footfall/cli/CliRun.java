package dev.footfall.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code footfall} command run in this JVM as a user would run it: its exit code, what it
 * printed (picocli's writer and System.out, which the commands use for their reports) and its
 * error stream.
 */
public record CliRun(int exit, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Footfall.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            int exit = cli.execute(args);
            return new CliRun(exit, out + captured.toString(), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }
}
