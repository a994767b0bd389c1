package dev.footfall.query;

import dev.footfall.site.Goal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Goal filters name goals: this picks the site's goals a condition on event:goal refers to. */
public final class Goals {
    private Goals() {}

    /** The goals whose display name satisfies the condition's positive form (is, contains, matches). */
    public static List<Goal> matching(List<Goal> goals, Filter.Condition condition) {
        return goals.stream().filter(g -> condition.values().stream().anyMatch(v -> nameMatches(g.displayName(), v, condition)))
                .toList();
    }

    private static boolean nameMatches(String name, String value, Filter.Condition c) {
        String n = c.caseSensitive() ? name : name.toLowerCase(Locale.ROOT);
        String v = c.caseSensitive() ? value : value.toLowerCase(Locale.ROOT);
        return switch (c.op()) {
            case IS, IS_NOT -> n.equals(v);
            case CONTAINS, CONTAINS_NOT -> n.contains(v);
            case MATCHES, MATCHES_NOT -> Pattern.compile(value, c.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE).matcher(name).find();
        };
    }
}
