package dev.footfall.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.Console;

/**
 * A progress bar on stderr when stderr is an interactive terminal, else nothing, for work whose
 * total is learnt on the way (an export: the engine's row estimate, or a download's length). As
 * {@link dev.footfall.importer.Progress}: the bar redraws with {@code \r}, which would litter a log
 * or a pipe, and since JDK 22 {@link Console#isTerminal()} is what tells.
 */
final class TerminalProgress implements AutoCloseable {
    /** Downloads count mebibytes: file sizes read naturally that way, and the speed shows MiB/s. */
    static final long MIB = 1024 * 1024;

    private final ProgressBar bar; // null when silent

    private TerminalProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar that spins until {@link #update} gives it a total. */
    static TerminalProgress forTerminal(String task, String unit, long unitSize) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) return new TerminalProgress(null);
        return new TerminalProgress(new ProgressBarBuilder().setTaskName(task).setInitialMax(-1)
                .setUnit(unit, unitSize).showSpeed().continuousUpdate().build());
    }

    /** May be called from any thread; the bar synchronises itself. */
    void update(long done, long total) {
        if (bar == null) return;
        if (total > 0) bar.maxHint(Math.max(total, done));
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
