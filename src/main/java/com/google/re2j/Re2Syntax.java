package com.google.re2j;

/**
 * Footfall's check of a regular expression against RE2's grammar, without compiling it.
 *
 * <p>It lives in RE2/J's package because RE2/J offers only {@link Pattern#compile}, and compiling
 * expands counted repetitions: {@code ((a{1000}){1000}){1000}}, 25 characters, asks for a billion
 * instructions and exhausts the heap. Its parser, which builds the syntax tree alone, is
 * package-private. This class parses with it and walks the tree.
 *
 * <p>RE2/J follows Go's regexp grammar, which is RE2's; where DuckDB's RE2 (C++) is stricter, the
 * walk applies its rule too, so what passes here the engine accepts.
 */
public final class Re2Syntax {
    /** RE2's bound on nested counted repetitions: {@code (x{10}){100}} is fine, {@code (x{10}){101}} is not. */
    private static final int MAX_NESTED_REPEAT = 1000;

    private Re2Syntax() {}

    /**
     * What compiling a pattern would make, estimated from its syntax tree.
     *
     * @param size        RE2's byte-level instructions, estimated from above: compile time,
     *                    memory and matching time grow with them
     * @param quantifiers optional or repeated pieces once counted repetitions are expanded
     *                    ({@code (a?){100}} has 100): each one that can match nothing joins
     *                    every step of a match, so their cost grows with their square
     */
    public record Program(long size, long quantifiers) {
        Program times(long n) {
            return new Program(size * n, quantifiers * n);
        }

        Program plus(Program other) {
            return new Program(size + other.size, quantifiers + other.quantifiers);
        }
    }

    /**
     * Parses {@code pattern} as the engine would and estimates its compiled program.
     *
     * @throws PatternSyntaxException when RE2 would refuse the pattern; the description says why
     */
    public static Program estimate(String pattern) {
        // RE2/J takes a backslash before any non-ASCII character as that character; RE2 calls it an invalid escape.
        for (int i = 0; i + 1 < pattern.length(); i++) {
            if (pattern.charAt(i) == '\\') {
                if (pattern.charAt(i + 1) >= 0x80) {
                    throw new PatternSyntaxException("invalid escape sequence: \\" + pattern.substring(i + 1, pattern.offsetByCodePoints(i + 1, 1)), pattern);
                }
                i++;
            }
        }
        char[] unfolded = pattern.toCharArray();
        boolean folds = unfold(unfolded);
        Regexp re = Parser.parse(new String(unfolded), RE2.PERL);
        return program(re, pattern, MAX_NESTED_REPEAT, folds ? FOLD_FACTOR : 1);
    }

    /** Case folding about doubles a literal or class (a and A); more for a few letters with three forms. */
    private static final int FOLD_FACTOR = 3;

    /**
     * Turns every case-insensitive flag, {@code (?i)} or {@code (?i:}, into {@code U}, another flag,
     * so the parser never folds case: RE2/J's folding loops forever on U+1C80 to U+1C88 under
     * Java 25, whose Unicode tables fold those letters differently from RE2/J's own. The flags
     * only change what matches, never whether the syntax holds; the size estimate allows for them.
     * A span that only looks like a flag group (in a class, after \Q) holds literals, for which
     * i and U are alike.
     *
     * @return whether any flag was turned
     */
    private static boolean unfold(char[] p) {
        boolean any = false;
        for (int i = 0; i + 1 < p.length; i++) {
            if (p[i] != '(' || p[i + 1] != '?') continue;
            int end = i + 2;
            while (end < p.length && "imsU-".indexOf(p[end]) >= 0) end++;
            if (end == p.length || (p[end] != ')' && p[end] != ':')) continue;
            for (int k = i + 2; k < end; k++) {
                if (p[k] == 'i') {
                    p[k] = 'U';
                    any = true;
                }
            }
        }
        return any;
    }

    /** @param budget what is left of {@link #MAX_NESTED_REPEAT} under the repetitions around {@code re} */
    private static Program program(Regexp re, String pattern, int budget, int fold) {
        return switch (re.op) {
            case LITERAL -> {
                long n = 0;
                for (int rune : re.runes) n += utf8Length(rune);
                yield instructions(Math.max(n, 1) * fold);
            }
            case CHAR_CLASS -> {
                long n = 1;
                for (int i = 0; i + 1 < re.runes.length; i += 2) n += rangeSize(re.runes[i], re.runes[i + 1]);
                yield instructions(n * fold);
            }
            // Any character but newline, and any character: every UTF-8 sequence, byte by byte.
            case ANY_CHAR_NOT_NL, ANY_CHAR -> instructions(1 + rangeSize(0, Unicode.MAX_RUNE));
            case CAPTURE -> {
                // RE2/J also reads (?<name>x), which RE2 calls an invalid Perl operator: only (?P<name>x) is shared.
                if (re.name != null && !pattern.contains("(?P<" + re.name + ">")) {
                    throw new PatternSyntaxException("invalid named capture: write (?P<" + re.name + ">...), not (?<" + re.name + ">...)", pattern);
                }
                yield new Program(2, 0).plus(program(re.subs[0], pattern, budget, fold));
            }
            case STAR, PLUS, QUEST -> new Program(1, 1).plus(program(re.subs[0], pattern, budget, fold));
            case REPEAT -> {
                int times = re.max >= 0 ? re.max : re.min;
                int inner = times > 0 ? budget / times : budget;
                if (inner == 0) {
                    throw new PatternSyntaxException("invalid repetition size: nested repetitions multiply to more than "
                            + MAX_NESTED_REPEAT, pattern);
                }
                Program sub = program(re.subs[0], pattern, inner, fold);
                // Compiled as min copies, then max - min optional ones, or one starred copy when unbounded.
                yield re.max >= 0
                        ? sub.times(re.max).plus(new Program(re.max - re.min, re.max - re.min))
                        : sub.times(re.min + 1L).plus(new Program(1, 1));
            }
            case CONCAT, ALTERNATE -> {
                Program all = new Program(re.op == Regexp.Op.ALTERNATE ? re.subs.length : 0, 0);
                for (Regexp sub : re.subs) all = all.plus(program(sub, pattern, budget, fold));
                yield all;
            }
            default -> instructions(1); // empty-width assertions, empty match, no match
        };
    }

    private static Program instructions(long n) {
        return new Program(n, 0);
    }

    /**
     * An upper estimate of the instructions a rune range compiles to: RE2 matches UTF-8 bytes, so
     * a range splits at each encoding length, and a k-byte piece takes up to k sequences of k bytes.
     */
    private static long rangeSize(int lo, int hi) {
        long n = 0;
        int[] ends = {0x7F, 0x7FF, 0xFFFF, Unicode.MAX_RUNE};
        int start = 0;
        for (int k = 1; k <= 4; k++) {
            int end = ends[k - 1];
            if (lo <= end && hi >= start) n += (long) k * k;
            start = end + 1;
        }
        return n;
    }

    private static int utf8Length(int rune) {
        return rune < 0x80 ? 1 : rune < 0x800 ? 2 : rune < 0x10000 ? 3 : 4;
    }
}
