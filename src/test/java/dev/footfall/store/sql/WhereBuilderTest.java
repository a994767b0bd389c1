package dev.footfall.store.sql;

import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Filter.Operator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static org.assertj.core.api.Assertions.assertThat;

class WhereBuilderTest {
    private final WhereBuilder where = new WhereBuilder(SQL, TestQueries.GOALS, () -> new RawRange("ev", "'x.test'", "T0", "T1"), List.of());

    private static Filter.Condition on(Attribute a, Operator op, String... values) {
        return new Filter.Condition(op, new Dimension.Of(a), List.of(values), true);
    }

    private static Filter.Condition folded(Attribute a, Operator op, String... values) {
        return new Filter.Condition(op, new Dimension.Of(a), List.of(values), false);
    }

    private static Filter.Condition prop(String key, Operator op, String... values) {
        return new Filter.Condition(op, new Dimension.Prop(key), List.of(values), true);
    }

    private static Filter.Condition goal(Operator op, String... values) {
        return new Filter.Condition(op, new Dimension.Goal(), List.of(values), true);
    }

    // --- operators ----------------------------------------------------------------------------

    @Test
    void isHoldsForAnyOfTheValues() {
        // One IN list: a long OR chain takes the engine far longer to plan.
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.IS, "/a", "/b"))).isEqualTo("(e.pathname IN ('/a', '/b'))");
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.IS, "/a"))).isEqualTo("(e.pathname = '/a')");
    }

    @Test
    void aNegatedOperatorHoldsForNoneOfTheValues() {
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.IS_NOT, "/a", "/b")))
                .isEqualTo("(NOT (e.pathname IN ('/a', '/b')))");
        assertThat(where.onEvents(on(Attribute.NAME, Operator.CONTAINS_NOT, "x"))).isEqualTo("(NOT (CONTAINS(e.name, 'x')))");
        assertThat(where.onEvents(on(Attribute.HOSTNAME, Operator.MATCHES_NOT, "^a"))).isEqualTo("(NOT (REGEX(e.hostname, '^a')))");
    }

    @Test
    void containsAndMatchesAreTheDialects() {
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.CONTAINS, "blog"))).isEqualTo("(CONTAINS(e.pathname, 'blog'))");
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.MATCHES, "^/blog/\\d+$")))
                .isEqualTo("(REGEX(e.pathname, '^/blog/\\d+$'))");
    }

    @Test
    void caseInsensitiveComparesLowerCase() {
        assertThat(where.onEvents(folded(Attribute.PAGE, Operator.IS, "/About"))).isEqualTo("(LOWER(e.pathname) = '/about')");
        assertThat(where.onEvents(folded(Attribute.PAGE, Operator.CONTAINS, "ÄBC"))).isEqualTo("(CONTAINS(LOWER(e.pathname), 'äbc'))");
    }

    @Test
    void caseInsensitiveMatchingIsTheRegexFlagNotLowerCase() {
        assertThat(where.onEvents(folded(Attribute.PAGE, Operator.MATCHES, "^/About"))).isEqualTo("(REGEX_I(e.pathname, '^/About'))");
    }

    // --- escaping -----------------------------------------------------------------------------

    @Test
    void valuesAreLiteralsOfTheDialect() {
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.IS, "/it's", "/a\\b", "/ünï🐢")))
                .isEqualTo("(e.pathname IN ('/it''s', '/a\\b', '/ünï🐢'))");
        assertThat(where.onEvents(on(Attribute.NAME, Operator.IS, "' OR 1=1 --"))).isEqualTo("(e.name = ''' OR 1=1 --')");
    }

    @Test
    void containsPassesWildcardCharactersAsTheyAre() {
        // contains is plain text: the dialect is given % and _ unchanged, and no LIKE pattern is built.
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.CONTAINS, "50%_off", "'")))
                .isEqualTo("(CONTAINS(e.pathname, '50%_off') OR CONTAINS(e.pathname, ''''))");
    }

    @Test
    void regexValuesAreNotRewritten() {
        assertThat(where.onEvents(on(Attribute.PAGE, Operator.MATCHES, "a.*'b\\.c[%_]")))
                .isEqualTo("(REGEX(e.pathname, 'a.*''b\\.c[%_]'))");
    }

    // --- properties and goals -----------------------------------------------------------------

    @Test
    void isOnAPropertyComparesItsLabelSoNoneFindsEventsWithoutIt() {
        assertThat(where.onEvents(prop("plan", Operator.IS, "(none)")))
                .isEqualTo("(CASE WHEN coalesce(MAP(e.props, 'plan'), '') = '' THEN '(none)' ELSE MAP(e.props, 'plan') END = '(none)')");
    }

    @Test
    void aPatternOnAPropertyLooksOnlyAtEventsThatHaveIt() {
        assertThat(where.onEvents(prop("plan", Operator.CONTAINS_NOT, "pro")))
                .isEqualTo("(NOT (MAP(e.props, 'plan') IS NOT NULL AND (CONTAINS(MAP(e.props, 'plan'), 'pro'))))");
    }

    @Test
    void aGoalConditionHoldsForEventsReachingTheGoalsItNames() {
        assertThat(where.onEvents(goal(Operator.IS, "Signup", "Visit /blog*")))
                .isEqualTo("((e.name = 'Signup') OR (e.name = 'pageview' AND FULL_MATCH(e.pathname, '/blog.*')))");
        assertThat(where.onEvents(goal(Operator.CONTAINS, "blog"))).isEqualTo("((e.name = 'pageview' AND FULL_MATCH(e.pathname, '/blog.*')))");
    }

    @Test
    void aGoalConditionNamingNoGoalHoldsForNoEvent() {
        assertThat(where.onEvents(goal(Operator.IS, "Nothing"))).isEqualTo("false");
    }

    // --- subjects -----------------------------------------------------------------------------

    @Test
    void anEventPassesAVisitConditionThroughItsVisitsProperties() {
        assertThat(where.onEvents(on(Attribute.SOURCE, Operator.IS, "Direct / None")))
                .isEqualTo("(CASE WHEN va.referrer_source = '' THEN 'Direct / None' ELSE va.referrer_source END = 'Direct / None')");
    }

    @Test
    void aVisitPassesAnEventConditionWhenOneOfItsEventsInTheRangeDoes() {
        assertThat(where.onVisits(on(Attribute.NAME, Operator.IS, "Signup")))
                .isEqualTo("s.session_id IN (SELECT x.session_id FROM ev x WHERE x.site = 'x.test' AND x.ts >= T0 AND x.ts < T1"
                        + " AND x.name <> 'engagement' AND (x.name = 'Signup'))");
    }

    @Test
    void aVisitOfAPageIsAVisitThatContainsIt() {
        assertThat(where.onVisits(on(Attribute.PAGE, Operator.IS, "/")))
                .isEqualTo("s.session_id IN (SELECT x.session_id FROM ev x WHERE x.site = 'x.test' AND x.ts >= T0 AND x.ts < T1"
                        + " AND x.name <> 'engagement' AND (x.pathname = '/'))");
    }

    @Test
    void visitsGroupedByPageOrHostReadTheirConditionsAsTheEntryPagesOrHosts() {
        WhereBuilder byPage = new WhereBuilder(SQL, TestQueries.GOALS, () -> new RawRange("ev", "'x.test'", "T0", "T1"),
                List.of(new Dimension.Of(Attribute.PAGE), new Dimension.Of(Attribute.HOSTNAME)));
        assertThat(byPage.onVisits(on(Attribute.PAGE, Operator.IS, "/"))).isEqualTo("(s.entry_page = '/')");
        assertThat(byPage.onVisits(on(Attribute.HOSTNAME, Operator.IS, "a.test"))).isEqualTo("(s.hostname = 'a.test')");
        // Events keep their own page.
        assertThat(byPage.onEvents(on(Attribute.PAGE, Operator.IS, "/"))).isEqualTo("(e.pathname = '/')");
    }

    @Test
    void aBehaviouralFilterSelectsTheVisitsThatDidOrDidNotDoIt() {
        Filter did = new Filter.Behavioural(true, on(Attribute.NAME, Operator.IS, "Signup"));
        Filter didNot = new Filter.Behavioural(false, new Filter.Or(List.of(on(Attribute.NAME, Operator.IS, "Signup"),
                on(Attribute.PAGE, Operator.IS, "/pricing"))));
        String range = "(SELECT x.session_id FROM ev x WHERE x.site = 'x.test' AND x.ts >= T0 AND x.ts < T1 AND x.name <> 'engagement' AND ";
        assertThat(where.onVisits(did)).isEqualTo("(s.session_id IN " + range + "(x.name = 'Signup')))");
        assertThat(where.onEvents(didNot)).isEqualTo("(e.session_id NOT IN " + range + "((x.name = 'Signup') OR (x.pathname = '/pricing'))))");
    }

    @Test
    void theVisitsHostsAreTheSessionsColumns() {
        assertThat(where.onVisits(on(Attribute.ENTRY_PAGE_HOSTNAME, Operator.IS, "a.test"))).isEqualTo("(s.hostname = 'a.test')");
        assertThat(where.onEvents(on(Attribute.EXIT_PAGE_HOSTNAME, Operator.IS, "a.test"))).isEqualTo("(va.exit_hostname = 'a.test')");
        assertThat(where.onEvents(on(Attribute.COUNTRY_NAME, Operator.IS, "Sweden"))).isEqualTo("(LOOKUP(e.country, 250 entries) = 'Sweden')");
    }

    @Test
    void aVisitConditionOnVisitsIsOnTheirOwnRow() {
        assertThat(where.onVisits(on(Attribute.COUNTRY, Operator.IS, "DE"))).isEqualTo("(s.country = 'DE')");
    }

    @Test
    void andOrAndNotNest() {
        Filter tree = new Filter.And(List.of(on(Attribute.COUNTRY, Operator.IS, "DE"),
                new Filter.Or(List.of(on(Attribute.DEVICE, Operator.IS, "Mobile"), new Filter.Not(on(Attribute.OS, Operator.IS, "iOS"))))));
        assertThat(where.onVisits(tree)).isEqualTo("((s.country = 'DE') AND ((CASE WHEN s.device = '' THEN '(not set)' ELSE s.device END = 'Mobile')"
                + " OR (NOT (CASE WHEN s.os = '' THEN '(not set)' ELSE s.os END = 'iOS'))))");
    }
}
