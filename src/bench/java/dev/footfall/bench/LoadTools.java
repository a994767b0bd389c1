package dev.footfall.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The programs the benchmarks drive besides Footfall: wrk (the load) and nginx (the HTTP ceiling)
 * for the ingest benchmark, clickhouse-server for the comparison with ClickHouse; all Debian
 * packages of the same names. When one is missing and this process is root (as on the project's
 * machines), it is installed with apt-get; otherwise the exact command is the error message.
 */
public final class LoadTools {
    /** Debian's packages, installed together: one apt-get run, and the two always match the docs. */
    private static final List<String> PACKAGES = List.of("nginx", "wrk");
    /** Debian's ClickHouse (18.16 on Debian 12): the version the project's SQL is written for. */
    private static final List<String> CLICKHOUSE_PACKAGES = List.of("clickhouse-server");
    /** nginx lives in /usr/sbin, which is not on every user's PATH. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin");

    private LoadTools() {}

    /** wrk and nginx, installing them first if needed and allowed. */
    public static Tools require(boolean nginxToo) throws IOException, InterruptedException {
        Optional<Path> wrk = find("wrk");
        Optional<Path> nginx = find("nginx");
        if (wrk.isEmpty() || (nginxToo && nginx.isEmpty())) {
            install(PACKAGES, "the ingest benchmark");
            wrk = find("wrk");
            nginx = find("nginx");
        }
        if (wrk.isEmpty() || (nginxToo && nginx.isEmpty())) {
            throw new IllegalStateException("wrk and nginx are still missing after apt-get; install them: " + installCommand(PACKAGES));
        }
        return new Tools(wrk.get(), nginx);
    }

    /** {@link ClickHouseServer#BINARY}, installing Debian's clickhouse-server first if needed and allowed. */
    public static Path requireClickHouse() throws IOException, InterruptedException {
        if (!Files.isExecutable(ClickHouseServer.BINARY)) install(CLICKHOUSE_PACKAGES, "the ClickHouse comparison");
        if (!Files.isExecutable(ClickHouseServer.BINARY)) {
            throw new IllegalStateException(ClickHouseServer.BINARY + " is still missing after apt-get; install it: " + installCommand(CLICKHOUSE_PACKAGES));
        }
        return ClickHouseServer.BINARY;
    }

    /** The executables; nginx is empty when it was not asked for and is not installed. */
    public record Tools(Path wrk, Optional<Path> nginx) {}

    /** An executable of that name on PATH or in the sbin directories. */
    public static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static String installCommand(List<String> packages) {
        return "sudo apt-get install -y " + String.join(" ", packages);
    }

    private static void install(List<String> packages, String user) throws IOException, InterruptedException {
        String names = String.join(" and ", packages);
        if (!isRoot() || find("apt-get").isEmpty()) {
            throw new IllegalStateException(user + " needs " + names + "; install " + (packages.size() > 1 ? "them" : "it") + ": " + installCommand(packages));
        }
        System.out.println("tools:         installing " + names + " with apt-get");
        // A fresh machine has no package lists yet.
        if (aptGet("install", packages) != 0 && (aptGet("update", packages) != 0 || aptGet("install", packages) != 0)) {
            throw new IllegalStateException("apt-get could not install " + names + "; install " + (packages.size() > 1 ? "them" : "it") + ": " + installCommand(packages));
        }
    }

    private static int aptGet(String verb, List<String> packages) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("apt-get", "-qq", verb));
        if (verb.equals("install")) {
            command.add("-y");
            command.addAll(packages);
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive"); // no prompt can reach a benchmark run
        return pb.start().waitFor();
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException | RuntimeException notLinux) {
            // not root as far as we can tell
        }
        return false;
    }
}
