package dev.footfall.importer;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.Console;

/** Progress through the bytes of the files being imported: a bar on a terminal, nothing otherwise. */
public sealed interface Progress extends AutoCloseable {
    /** The bar counts mebibytes: log sizes read naturally that way, and the speed shows MB/s. */
    long MIB = 1024 * 1024;

    void advanceTo(long bytes);

    @Override
    void close();

    /**
     * A bar on stderr when stderr is an interactive terminal, else silence: the bar redraws with
     * {@code \r} and colours, which would litter a log file or a pipe. Since JDK 22,
     * {@code System.console()} is non-null even when redirected, so {@link Console#isTerminal()} decides.
     */
    static Progress forTerminal(long totalBytes) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) return new Silent();
        return new Bar(new ProgressBarBuilder().setTaskName("Importing").setInitialMax(totalBytes)
                .setUnit(" MiB", MIB).showSpeed().build());
    }

    record Bar(ProgressBar bar) implements Progress {
        @Override
        public void advanceTo(long bytes) {
            bar.stepTo(bytes);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    record Silent() implements Progress {
        @Override
        public void advanceTo(long bytes) {}

        @Override
        public void close() {}
    }
}
