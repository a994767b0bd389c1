package dev.footfall.query;

import dev.footfall.site.Goal;

import java.util.List;
import java.util.Locale;

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
            // The parser refuses patterns on goals (Plausible takes is and contains only), and no user
            // pattern runs in Java: java.util.regex reads another grammar and can backtrack for minutes.
            case MATCHES, MATCHES_NOT -> throw new IllegalArgumentException("event:goal takes only the is and contains operators");
        };
    }
}
