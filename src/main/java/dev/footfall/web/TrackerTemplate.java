package dev.footfall.web;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Set;

/**
 * Builds one tracker variant from the annotated source (resource {@code script.js}): keeps the
 * lines of the {@code //#if COND ... //#else ... //#end} blocks whose condition holds for the
 * variant's features, and drops comment lines, blank lines and indentation, which only the
 * source's readers need. A condition is features joined by {@code |} (any of them), each
 * optionally negated with {@code !}. Line-based on purpose: no JavaScript parser, so the source
 * keeps comments on lines of their own.
 */
final class TrackerTemplate {
    private static final String IF = "//#if ";
    private static final String ELSE = "//#else";
    private static final String END = "//#end";

    private TrackerTemplate() {}

    /**
     * The variant of {@code source} with {@code features} on. {@code known} is every name a
     * condition may use: a misspelt feature fails the build instead of silently dropping code.
     */
    static String build(String source, Set<String> features, Set<String> known) {
        Deque<Block> blocks = new ArrayDeque<>();
        StringBuilder out = new StringBuilder(source.length() / 2);
        int number = 0;
        for (String raw : source.split("\n", -1)) {
            number++;
            String line = raw.strip();
            boolean keeping = blocks.isEmpty() || blocks.peek().keeps();
            if (line.startsWith(IF)) {
                blocks.push(new Block(keeping, holds(line.substring(IF.length()), features, known, number), false));
            } else if (line.equals(ELSE)) {
                Block block = blocks.poll();
                if (block == null || block.inElse()) throw new IllegalStateException("line " + number + ": //#else without //#if");
                blocks.push(new Block(block.parentKeeps(), block.condition(), true));
            } else if (line.equals(END)) {
                if (blocks.poll() == null) throw new IllegalStateException("line " + number + ": //#end without //#if");
            } else if (line.startsWith("//#")) {
                throw new IllegalStateException("line " + number + ": unknown directive " + line);
            } else if (keeping && !line.isEmpty() && !line.startsWith("//")) {
                out.append(line).append('\n');
            }
        }
        if (!blocks.isEmpty()) throw new IllegalStateException("an //#if is not closed by //#end");
        return out.toString();
    }

    private static boolean holds(String condition, Set<String> features, Set<String> known, int line) {
        return Arrays.stream(condition.split("\\|")).map(String::strip).anyMatch(term -> {
            boolean negated = term.startsWith("!");
            String feature = negated ? term.substring(1) : term;
            if (!known.contains(feature)) throw new IllegalStateException("line " + line + ": unknown feature '" + feature + "'");
            return features.contains(feature) != negated;
        });
    }

    /** An open block: whether its parent keeps lines, its condition's value, and whether we are past its //#else. */
    private record Block(boolean parentKeeps, boolean condition, boolean inElse) {
        boolean keeps() {
            return parentKeeps && condition != inElse;
        }
    }
}
