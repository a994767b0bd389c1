package dev.footfall.store.sql;

import dev.footfall.site.Goal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static org.assertj.core.api.Assertions.assertThat;

class GoalMatchTest {
    private final GoalMatch goals = new GoalMatch(SQL);
    private static final Goal SIGNUP = new Goal(1, "x.test", Goal.Type.EVENT, "Sign'up", null, "Sign'up done");
    private static final Goal BLOG = new Goal(2, "x.test", Goal.Type.PAGE, null, "/blog/*", "Blog");

    @Test
    void wildcardsMatchAnyRunOfCharacters() {
        assertThat(GoalMatch.pageRegex("/blog*")).isEqualTo("/blog.*");
        assertThat(GoalMatch.pageRegex("/blog/**")).isEqualTo("/blog/.*");
        assertThat(GoalMatch.pageRegex("/*/pricing/*")).isEqualTo("/.*/pricing/.*");
        assertThat(GoalMatch.pageRegex("/docs/install")).isEqualTo("/docs/install");
    }

    @Test
    void everyOtherRegexCharacterIsPlain() {
        assertThat(GoalMatch.pageRegex("/a.b?c=(1)[2]{3}+<4>-^$|\\"))
                .isEqualTo("/a\\.b\\?c=\\(1\\)\\[2\\]\\{3\\}\\+\\<4\\>\\-\\^\\$\\|\\\\");
    }

    @Test
    void theGoalsTableHoldsAnEventNameOrAPageRegex() {
        assertThat(goals.table(List.of(SIGNUP, BLOG), "g"))
                .isEqualTo("TABLE g[name, event_name, page][['Sign''up done', 'Sign''up', NULL], ['Blog', NULL, '/blog/.*']]");
        assertThat(goals.table(List.of(), "g")).isEqualTo("TABLE g[name, event_name, page][]");
    }

    @Test
    void anEventJoinsTheGoalsItReaches() {
        assertThat(goals.joins("e", "g"))
                .isEqualTo("(e.name = g.event_name OR (e.name = 'pageview' AND g.page IS NOT NULL AND FULL_MATCH(e.pathname, g.page)))");
    }

    @Test
    void anEventReachesAnEventGoalByNameAndAPageGoalByAPageview() {
        assertThat(goals.reaches(SIGNUP, "x")).isEqualTo("(x.name = 'Sign''up')");
        assertThat(goals.reaches(BLOG, "e")).isEqualTo("(e.name = 'pageview' AND FULL_MATCH(e.pathname, '/blog/.*'))");
    }
}
