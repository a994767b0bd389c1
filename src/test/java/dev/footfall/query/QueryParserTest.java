package dev.footfall.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The Stats API v2 query body as {@link QueryParser} reads it: each form of each field, and each
 * rejection with the message that names the field at fault. Bodies are written with single quotes
 * for readability (see {@link #json}).
 */
class QueryParserTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Site SITE = new Site("q.test", BERLIN, List.of());
    private static final LocalDate TODAY = LocalDate.of(2024, 3, 15);
    private static final LocalDate FIRST_EVENT = LocalDate.of(2023, 11, 2);
    private static final List<Goal> GOALS = List.of(
            new Goal(1, "q.test", Goal.Type.EVENT, "Signup", null, "Signup"),
            new Goal(2, "q.test", Goal.Type.PAGE, null, "/blog*", "Visit /blog*"));

    /** A body with single quotes for double quotes (a value holding a quote is written \u0027). */
    private static String json(String body) {
        return body.replace('\'', '"');
    }

    private static StatsQuery parse(String body) {
        try {
            return QueryParser.parse(new ObjectMapper().readTree(json(body)), SITE, GOALS, TODAY, () -> Optional.of(FIRST_EVENT));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body with these fields added to metrics ["visitors"] and a date_range of one day. */
    private static StatsQuery visitors(String fields) {
        return parse("{'site_id': 'q.test', 'metrics': ['visitors'], 'date_range': 'day'" + (fields.isEmpty() ? "" : ", " + fields) + "}");
    }

    private static String error(String body) {
        try {
            parse(body);
        } catch (QueryException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    private static String visitorsError(String fields) {
        return error("{'metrics': ['visitors'], 'date_range': 'day', " + fields + "}");
    }

    private static ZonedDateTime berlin(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(BERLIN);
    }

    private static Filter.Condition condition(Filter.Operator op, Dimension d, String... values) {
        return new Filter.Condition(op, d, List.of(values), true);
    }

    @Nested
    class Metrics {
        @ParameterizedTest
        @EnumSource(value = Metric.class, names = {"VISITORS", "VISITS", "PAGEVIEWS", "EVENTS", "VIEWS_PER_VISIT", "BOUNCE_RATE",
                "VISIT_DURATION", "PERCENTAGE"})
        void eachMetricByItsName(Metric m) {
            assertThat(parse("{'metrics': ['" + m.apiName + "'], 'date_range': 'day'}").metrics()).containsExactly(m);
        }

        @Test
        void engagementMetricsWithAPage() {
            assertThat(parse("{'metrics': ['time_on_page', 'scroll_depth'], 'date_range': 'day', 'dimensions': ['event:page']}").metrics())
                    .containsExactly(Metric.TIME_ON_PAGE, Metric.SCROLL_DEPTH);
        }

        @Test
        void conversionRatesWithAGoal() {
            assertThat(parse("{'metrics': ['conversion_rate', 'group_conversion_rate'], 'date_range': 'day', 'dimensions': ['event:goal']}")
                    .metrics()).containsExactly(Metric.CONVERSION_RATE, Metric.GROUP_CONVERSION_RATE);
        }

        @Test
        void inTheirOrder() {
            assertThat(parse("{'metrics': ['pageviews', 'visitors', 'events'], 'date_range': 'day'}").metrics())
                    .containsExactly(Metric.PAGEVIEWS, Metric.VISITORS, Metric.EVENTS);
        }

        @Test
        void areRequired() {
            assertThat(error("{'date_range': 'day'}")).isEqualTo("#: Required property metrics was not present.");
            assertThat(error("{'metrics': null, 'date_range': 'day'}")).isEqualTo("#: Required property metrics was not present.");
        }

        @Test
        void areANonEmptyListOfUniqueNames() {
            assertThat(error("{'metrics': 'visitors', 'date_range': 'day'}")).isEqualTo("#/metrics: Type mismatch. Expected Array but got String.");
            assertThat(error("{'metrics': {}, 'date_range': 'day'}")).isEqualTo("#/metrics: Type mismatch. Expected Array but got Object.");
            assertThat(error("{'metrics': [], 'date_range': 'day'}")).isEqualTo("#/metrics: Expected a minimum of 1 items but got 0.");
            assertThat(error("{'metrics': ['visitors', 'visitors'], 'date_range': 'day'}"))
                    .isEqualTo("#/metrics: Expected items to be unique but they were not.");
        }

        @Test
        void anUnknownMetricIsNamedWithItsIndex() {
            assertThat(error("{'metrics': ['visitors', 'sessions'], 'date_range': 'day'}")).isEqualTo("#/metrics/1: Invalid metric \"sessions\"");
            assertThat(error("{'metrics': [7], 'date_range': 'day'}")).isEqualTo("#/metrics/0: Invalid metric 7");
        }
    }

    @Nested
    class Dimensions {
        @ParameterizedTest
        @EnumSource(Attribute.class)
        void eachPropertyByItsName(Attribute a) {
            assertThat(visitors("'dimensions': ['" + a.apiName + "']").dimensions()).containsExactly(new Dimension.Of(a));
        }

        @Test
        void goalsCustomPropertiesAndTime() {
            assertThat(visitors("'dimensions': ['event:goal', 'event:props:plan', 'time:week']").dimensions()).containsExactly(
                    new Dimension.Goal(), new Dimension.Prop("plan"), new Dimension.Time(Dimension.Granularity.WEEK, "time:week"));
        }

        @Test
        void eachTimeGranularity() {
            for (Dimension.Granularity g : Dimension.Granularity.values()) {
                String name = "time:" + g.name().toLowerCase(java.util.Locale.ROOT);
                assertThat(visitors("'dimensions': ['" + name + "']").dimensions()).containsExactly(new Dimension.Time(g, name));
            }
        }

        @Test
        void plainTimeTakesTheGranularityTheRangeSuits() {
            assertThat(visitors("'dimensions': ['time']").dimensions()).containsExactly(new Dimension.Time(Dimension.Granularity.HOUR, "time:hour"));
            assertThat(parse("{'metrics': ['visitors'], 'date_range': 'month', 'dimensions': ['time']}").dimensions())
                    .containsExactly(new Dimension.Time(Dimension.Granularity.DAY, "time:day"));
            assertThat(parse("{'metrics': ['visitors'], 'date_range': 'year', 'dimensions': ['time']}").dimensions())
                    .containsExactly(new Dimension.Time(Dimension.Granularity.MONTH, "time:month"));
        }

        @Test
        void aPropertyKeyIsTakenAsItIs() {
            assertThat(visitors("'dimensions': ['event:props:it\\u0027s %_\\\\ ü']").dimensions())
                    .containsExactly(new Dimension.Prop("it's %_\\ ü"));
        }

        @Test
        void areAListOfUniqueKnownNames() {
            assertThat(visitorsError("'dimensions': 'event:page'")).isEqualTo("#/dimensions: Type mismatch. Expected Array but got String.");
            assertThat(visitorsError("'dimensions': ['event:page', 'event:page']"))
                    .isEqualTo("#/dimensions: Expected items to be unique but they were not.");
            assertThat(visitorsError("'dimensions': ['event:page', 'visit:nope']")).isEqualTo("#/dimensions/1: Invalid dimension \"visit:nope\"");
            assertThat(visitorsError("'dimensions': [3]")).isEqualTo("#/dimensions/0: Invalid dimension 3");
            assertThat(visitorsError("'dimensions': ['event:props:']")).isEqualTo("#/dimensions/0: Invalid dimension \"event:props:\"");
            assertThat(visitorsError("'dimensions': ['event:props:a\\u0000b']")).isEqualTo("#/dimensions/0: Invalid dimension \"event:props:a\\u0000b\"");
            assertThat(visitorsError("'dimensions': ['time:year']")).isEqualTo("#/dimensions/0: Invalid dimension \"time:year\"");
        }

        @Test
        void oneTimeDimensionAtATime() {
            assertThat(visitorsError("'dimensions': ['time:day', 'time:hour']"))
                    .isEqualTo("#/dimensions/1: only one time dimension can be queried at a time");
        }

        @Test
        void minutesOverAtMostTwoDays() {
            assertThat(parse("{'metrics': ['visitors'], 'date_range': ['2024-03-13', '2024-03-14'], 'dimensions': ['time:minute']}")
                    .dimensions()).hasSize(1);
            assertThat(error("{'metrics': ['visitors'], 'date_range': '7d', 'dimensions': ['time:minute']}"))
                    .isEqualTo("#/dimensions: time:minute needs a date_range of at most 48 hours");
        }
    }

    @Nested
    class Filters {
        @Test
        void eachOperator() {
            for (Filter.Operator op : Filter.Operator.values()) {
                assertThat(visitors("'filters': [['" + op.apiName + "', 'event:page', ['/a', '/b']]]").filter())
                        .contains(condition(op, new Dimension.Of(Attribute.PAGE), "/a", "/b"));
            }
        }

        @Test
        void onPropertiesCustomPropertiesAndGoals() {
            assertThat(visitors("'filters': [['is', 'visit:source', ['Direct / None']]]").filter())
                    .contains(condition(Filter.Operator.IS, new Dimension.Of(Attribute.SOURCE), "Direct / None"));
            assertThat(visitors("'filters': [['is_not', 'event:props:plan', ['(none)']]]").filter())
                    .contains(condition(Filter.Operator.IS_NOT, new Dimension.Prop("plan"), "(none)"));
            assertThat(visitors("'filters': [['contains', 'event:goal', ['Sign']]]").filter())
                    .contains(condition(Filter.Operator.CONTAINS, new Dimension.Goal(), "Sign"));
        }

        @Test
        void caseSensitiveByDefaultUnlessTheModifierSaysNot() {
            assertThat(visitors("'filters': [['contains', 'event:page', ['Blog'], {'case_sensitive': false}]]").filter())
                    .contains(new Filter.Condition(Filter.Operator.CONTAINS, new Dimension.Of(Attribute.PAGE), List.of("Blog"), false));
            assertThat(visitors("'filters': [['is', 'event:page', ['/'], {'case_sensitive': true}]]").filter())
                    .contains(condition(Filter.Operator.IS, new Dimension.Of(Attribute.PAGE), "/"));
        }

        @Test
        void valuesAreKeptAsTheyAreAndNumbersAsText() {
            assertThat(visitors("'filters': [['is', 'event:page', ['/it\\u0027s', '50%_off', 'a\\\\b', 'żółw 🐢', 404]]]").filter())
                    .contains(condition(Filter.Operator.IS, new Dimension.Of(Attribute.PAGE), "/it's", "50%_off", "a\\b", "żółw 🐢", "404"));
        }

        @Test
        void regexValuesAreKeptAsTheyAre() {
            assertThat(visitors("'filters': [['matches', 'event:page', ['^/blog/\\\\d+(/.*)?$']]]").filter())
                    .contains(condition(Filter.Operator.MATCHES, new Dimension.Of(Attribute.PAGE), "^/blog/\\d+(/.*)?$"));
        }

        @Test
        void severalFiltersAllHold() {
            assertThat(visitors("'filters': [['is', 'visit:country', ['DE']], ['is', 'event:name', ['Signup']]]").filter())
                    .contains(new Filter.And(List.of(condition(Filter.Operator.IS, new Dimension.Of(Attribute.COUNTRY), "DE"),
                            condition(Filter.Operator.IS, new Dimension.Of(Attribute.NAME), "Signup"))));
            assertThat(visitors("'filters': []").filter()).isEmpty();
            assertThat(visitors("'filters': null").filter()).isEmpty();
        }

        @Test
        void andOrNotNest() {
            assertThat(visitors("'filters': [['or', [['is', 'visit:country', ['DE']], ['not', ['and', [['is', 'visit:os', ['iOS']], "
                    + "['is', 'visit:device', ['Mobile']]]]]]]]").filter())
                    .contains(new Filter.Or(List.of(condition(Filter.Operator.IS, new Dimension.Of(Attribute.COUNTRY), "DE"),
                            new Filter.Not(new Filter.And(List.of(condition(Filter.Operator.IS, new Dimension.Of(Attribute.OS), "iOS"),
                                    condition(Filter.Operator.IS, new Dimension.Of(Attribute.DEVICE), "Mobile")))))));
        }

        @Test
        void areAList() {
            assertThat(visitorsError("'filters': {}")).isEqualTo("#/filters: Type mismatch. Expected Array but got Object.");
        }

        @Test
        void eachIsAnOperatorADimensionAndValues() {
            assertThat(visitorsError("'filters': ['is']"))
                    .isEqualTo("#/filters/0: Invalid filter \"is\" (expected [operator, dimension, values])");
            assertThat(visitorsError("'filters': [['is', 'event:page', ['/']], []]"))
                    .isEqualTo("#/filters/1: Invalid filter [] (expected [operator, dimension, values])");
            assertThat(visitorsError("'filters': [['is', 'event:page']]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:page\"] (expected [operator, dimension, values])");
            assertThat(visitorsError("'filters': [['is', 7, ['/']]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",7,[\"/\"]] (expected [operator, dimension, values])");
        }

        @Test
        void anUnknownOperatorOrDimension() {
            assertThat(visitorsError("'filters': [['equals', 'event:page', ['/']]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"equals\",\"event:page\",[\"/\"]] (unknown operator 'equals')");
            assertThat(visitorsError("'filters': [['is', 'event:path', ['/']]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:path\",[\"/\"]] (unknown dimension 'event:path')");
        }

        @Test
        void timeIsTheDateRangesNotAFilters() {
            assertThat(visitorsError("'filters': [['is', 'time:day', ['2024-03-01']]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"time:day\",[\"2024-03-01\"]] (filter on the date_range instead of 'time:day')");
        }

        @Test
        void valuesAreANonEmptyListOfStrings() {
            assertThat(visitorsError("'filters': [['is', 'event:page', []]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:page\",[]] (values must be a non-empty list)");
            assertThat(visitorsError("'filters': [['is', 'event:page', '/']]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:page\",\"/\"] (values must be a non-empty list)");
            assertThat(visitorsError("'filters': [['is', 'event:page', [{}]]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:page\",[{}]] (values must be strings)");
            assertThat(visitorsError("'filters': [['is', 'event:page', [null]]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:page\",[null]] (values must be strings)");
        }

        @Test
        void aValueCannotHoldNul() {
            assertThat(visitorsError("'filters': [['is', 'event:page', ['/a\\u0000b']]]")).endsWith("(values must be strings)");
        }

        @Test
        void aPatternMustBeARegex() {
            assertThat(visitorsError("'filters': [['matches', 'event:page', ['(unclosed']]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"matches\",\"event:page\",[\"(unclosed\"]] "
                            + "('(unclosed' is not a valid regular expression (RE2 syntax): missing closing ))");
            assertThat(visitorsError("'filters': [['matches_not', 'event:page', ['[a-']]]"))
                    .endsWith("('[a-' is not a valid regular expression (RE2 syntax): missing closing ])");
        }

        @Test
        void modifiers() {
            assertThat(visitorsError("'filters': [['is', 'event:page', ['/'], true]]"))
                    .endsWith("(modifiers must be an object like {\"case_sensitive\": false})");
            assertThat(visitorsError("'filters': [['is', 'event:page', ['/'], {'ignore_case': true}]]"))
                    .endsWith("(unknown modifier 'ignore_case' (only case_sensitive: true|false))");
            assertThat(visitorsError("'filters': [['is', 'event:page', ['/'], {'case_sensitive': 'no'}]]"))
                    .endsWith("(unknown modifier 'case_sensitive' (only case_sensitive: true|false))");
            assertThat(visitorsError("'filters': [['matches', 'event:page', ['/'], {'case_sensitive': false}]]"))
                    .endsWith("(the case_sensitive modifier is not allowed with pattern operators (use (?i) in the pattern))");
            assertThat(visitorsError("'filters': [['is', 'event:page', ['/'], {}, {}]]"))
                    .endsWith("(expected [operator, dimension, values])");
        }

        @Test
        void logicalOperatorsTakeFilters() {
            assertThat(visitorsError("'filters': [['and', []]]")).isEqualTo("#/filters/0: Invalid filter [\"and\",[]] ('and' takes a non-empty list of filters)");
            assertThat(visitorsError("'filters': [['or', ['is', 'event:page', ['/']], 1]]")).endsWith("('or' takes a non-empty list of filters)");
            assertThat(visitorsError("'filters': [['not']]")).isEqualTo("#/filters/0: Invalid filter [\"not\"] ('not' takes one filter)");
            assertThat(visitorsError("'filters': [['not', ['is', 'event:pages', ['/']]]]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"is\",\"event:pages\",[\"/\"]] (unknown dimension 'event:pages')");
        }

        @Test
        void goalsTakeOnlyIsAndContains() {
            assertThat(visitorsError("'filters': [['matches', 'event:goal', ['Sign.*']]]"))
                    .endsWith("(event:goal takes only the is and contains operators)");
            assertThat(visitorsError("'filters': [['is_not', 'event:goal', ['Signup']]]"))
                    .endsWith("(event:goal takes only the is and contains operators)");
        }

        @Test
        void goalsAndHostnamesOnlyAtTheTopLevel() {
            assertThat(visitorsError("'filters': [['or', [['is', 'event:goal', ['Signup']], ['is', 'event:page', ['/']]]]]"))
                    .isEqualTo("Invalid filters. Dimension `event:goal` can only be filtered at the top level.");
            assertThat(visitorsError("'filters': [['not', ['is', 'event:hostname', ['a.test']]]]"))
                    .isEqualTo("Invalid filters. Dimension `event:hostname` can only be filtered at the top level.");
        }

        @Test
        void behaviouralFiltersTakeOneFilterOfEventConditions() {
            Filter signedUp = condition(Filter.Operator.IS, new Dimension.Goal(), "Signup");
            assertThat(visitors("'filters': [['has_done', ['is', 'event:goal', ['Signup']]]]").filter())
                    .contains(new Filter.Behavioural(true, signedUp));
            assertThat(visitors("'filters': [['has_not_done', ['or', [['is', 'event:goal', ['Signup']], ['is', 'event:page', ['/']]]]]]")
                    .filter()).contains(new Filter.Behavioural(false, new Filter.Or(List.of(signedUp,
                    condition(Filter.Operator.IS, new Dimension.Of(Attribute.PAGE), "/")))));
            // What a visit did selects visits: visitors are still counted from visits.
            assertThat(Subject.eventScoped(visitors("'filters': [['has_done', ['is', 'event:name', ['Signup']]]]"))).isFalse();
        }

        @Test
        void behaviouralFiltersRefused() {
            assertThat(visitorsError("'filters': [['has_done', ['is', 'visit:country', ['DE']]]]"))
                    .isEqualTo("#/filters/0: Invalid filters. Behavioral filters can only be used with event dimension filters.");
            assertThat(visitorsError("'filters': [['has_done', ['has_not_done', ['is', 'event:name', ['Signup']]]]]"))
                    .isEqualTo("#/filters/0: Invalid filters. Behavioral filters cannot be nested.");
            assertThat(visitorsError("'filters': [['has_done']]"))
                    .isEqualTo("#/filters/0: Invalid filter [\"has_done\"] ('has_done' takes one filter)");
            assertThat(visitorsError("'filters': [['has_done', ['is', 'event:goal', ['Purchase']]]]"))
                    .startsWith("Invalid filters. The goal `Purchase` is not configured for this site.");
        }

        @Test
        void hostnameFiltersAlsoHoldForTheEntryAndExitHostsOfVisitsGroupedByHowTheyArrivedOrLeft() {
            Filter.Condition host = condition(Filter.Operator.IS, new Dimension.Of(Attribute.HOSTNAME), "a.test");
            assertThat(visitors("'dimensions': ['visit:source', 'visit:exit_page'], 'filters': [['is', 'event:hostname', ['a.test']]]")
                    .filter()).contains(new Filter.And(List.of(host,
                    condition(Filter.Operator.IS, new Dimension.Of(Attribute.ENTRY_PAGE_HOSTNAME), "a.test"),
                    condition(Filter.Operator.IS, new Dimension.Of(Attribute.EXIT_PAGE_HOSTNAME), "a.test"))));
            assertThat(visitors("'dimensions': ['visit:country'], 'filters': [['is', 'event:hostname', ['a.test']]]").filter())
                    .contains(host);
        }

        @Test
        void aGoalMustBeConfigured() {
            assertThat(visitors("'filters': [['is', 'event:goal', ['signup'], {'case_sensitive': false}]]").filter()).isPresent();
            assertThat(visitorsError("'filters': [['is', 'event:goal', ['Purchase']]]"))
                    .isEqualTo("Invalid filters. The goal `Purchase` is not configured for this site. "
                            + "Find out how to configure goals here: https://plausible.io/docs/stats-api#filtering-by-goals");
        }
    }

    @Nested
    class DateRange {
        private Interval range(String dateRange) {
            return parse("{'metrics': ['visitors'], 'date_range': " + dateRange + "}").interval();
        }

        @Test
        void namedPeriodsAreWholeLocalDays() {
            assertThat(range("'day'")).isEqualTo(new Interval(berlin(2024, 3, 15), berlin(2024, 3, 16)));
            assertThat(range("'month'")).isEqualTo(new Interval(berlin(2024, 3, 1), berlin(2024, 4, 1)));
            assertThat(range("'year'")).isEqualTo(new Interval(berlin(2024, 1, 1), berlin(2025, 1, 1)));
            assertThat(range("'all'")).isEqualTo(new Interval(berlin(2023, 11, 2), berlin(2024, 3, 16)));
        }

        @Test
        void the24HoursToNow() {
            Interval last24 = range("'24h'");
            assertThat(last24.end()).isAfter(TODAY.atStartOfDay(BERLIN)).isBeforeOrEqualTo(TODAY.plusDays(1).atStartOfDay(BERLIN));
            assertThat(java.time.Duration.between(last24.start(), last24.end())).isEqualTo(java.time.Duration.ofHours(24));
            assertThat(parse("{'metrics': ['visitors'], 'date_range': '24h', 'dimensions': ['time']}").dimensions())
                    .containsExactly(new Dimension.Time(Dimension.Granularity.HOUR, "time:hour"));
        }

        @Test
        void daysAndMonthsBeforeToday() {
            assertThat(range("'7d'")).isEqualTo(new Interval(berlin(2024, 3, 8), berlin(2024, 3, 15)));
            assertThat(range("'3mo'")).isEqualTo(new Interval(berlin(2023, 12, 1), berlin(2024, 3, 1)));
        }

        @Test
        void datesAreInclusive() {
            assertThat(range("['2024-03-01', '2024-03-01']")).isEqualTo(new Interval(berlin(2024, 3, 1), berlin(2024, 3, 2)));
            // Berlin's clocks go forward on 31 March: that day has 23 hours.
            assertThat(range("['2024-03-31', '2024-03-31']")).satisfies(i ->
                    assertThat(java.time.Duration.between(i.start(), i.end()).toHours()).isEqualTo(23));
        }

        @Test
        void datetimesWithAnOffsetEndInclusiveToTheSecond() {
            assertThat(range("['2024-03-01T10:00:00+01:00', '2024-03-01T11:59:59Z']")).isEqualTo(new Interval(
                    ZonedDateTime.of(2024, 3, 1, 10, 0, 0, 0, BERLIN), ZonedDateTime.of(2024, 3, 1, 13, 0, 0, 0, BERLIN)));
            assertThat(range("['2024-03-01', '2024-03-02T00:00:00+01:00']"))
                    .isEqualTo(new Interval(berlin(2024, 3, 1), ZonedDateTime.of(2024, 3, 2, 0, 0, 1, 0, BERLIN)));
        }

        @Test
        void isRequired() {
            assertThat(error("{'metrics': ['visitors']}")).isEqualTo("#: Required property date_range was not present.");
        }

        static Stream<Arguments> rejected() {
            return Stream.of(
                    arguments("'fortnight'", "#/date_range: Invalid date range \"fortnight\""),
                    arguments("'0d'", "#/date_range: Invalid date range \"0d\""),
                    arguments("'5001d'", "#/date_range: Invalid date range \"5001d\""),
                    arguments("'101mo'", "#/date_range: Invalid date range \"101mo\""),
                    arguments("7", "#/date_range: Invalid date range \"7\""),
                    arguments("['2024-03-01']", "#/date_range: Invalid date range \"[\"2024-03-01\"]\""),
                    arguments("['2024-03-02', '2024-03-01']",
                            "#/date_range: Invalid date range: the end date 2024-03-01 is before the start date 2024-03-02"),
                    arguments("['2024-03-01T10:00:00Z', '2024-03-01T09:00:00Z']",
                            "#/date_range: Invalid date range: 2024-03-01T09:00:00Z is not after 2024-03-01T10:00:00Z"),
                    arguments("['2024-03-01T10:00:00', '2024-03-02']",
                            "#/date_range/0: Invalid date range: must be a date (2024-03-01) or a date-time with offset "
                                    + "(2024-03-01T12:00:00Z), not '2024-03-01T10:00:00'"),
                    arguments("['2024-01-01', '9999-12-31']",
                            "#/date_range/1: Invalid date range: must be a date between the years 1 and 9998, not '9999-12-31'"));
        }

        @ParameterizedTest
        @MethodSource("rejected")
        void rejected(String dateRange, String message) {
            assertThat(error("{'metrics': ['visitors'], 'date_range': " + dateRange + "}")).isEqualTo(message);
        }
    }

    @Nested
    class Include {
        @Test
        void noneByDefault() {
            assertThat(visitors("").include()).isEqualTo(dev.footfall.query.Include.NONE);
            assertThat(visitors("'include': null").include()).isEqualTo(dev.footfall.query.Include.NONE);
        }

        @Test
        void eachOption() {
            assertThat(visitors("'dimensions': ['time:hour'], 'include': {'time_labels': true, 'total_rows': true, 'explain': true, "
                    + "'imports': true, 'comparison': 'previous_period'}").include()).isEqualTo(
                    new dev.footfall.query.Include(true, true, dev.footfall.query.Include.Comparison.PREVIOUS_PERIOD, true,
                            java.util.Optional.empty(), true));
            assertThat(visitors("'include': {'imports': false}").include().imports()).isFalse();
            assertThat(visitors("'include': {'comparison': 'year_over_year'}").include().comparison())
                    .isEqualTo(dev.footfall.query.Include.Comparison.YEAR_OVER_YEAR);
            assertThat(visitors("'include': {'comparison': null}").include().comparison())
                    .isEqualTo(dev.footfall.query.Include.Comparison.NONE);
        }

        @Test
        void errors() {
            assertThat(visitorsError("'include': []")).isEqualTo("Invalid include: expected an object");
            assertThat(visitorsError("'include': {'everything': true}")).isEqualTo("Invalid include: unknown option 'everything'");
            assertThat(visitorsError("'include': {'total_rows': 'yes'}")).isEqualTo("Invalid include.total_rows: expected true or false");
            assertThat(visitorsError("'include': {'comparison': 'last_week'}"))
                    .isEqualTo("Invalid include.comparison: use \"previous_period\", \"year_over_year\" or {\"date_range\": [from, to]}");
            assertThat(visitorsError("'include': {'time_labels': true}")).isEqualTo("Invalid include.time_labels: requires a time dimension.");
        }
    }

    @Nested
    class OrderBy {
        @Test
        void byDefaultTimeAscendingThenTheFirstMetricDescending() {
            assertThat(visitors("").orderBy()).containsExactly(new Order("visitors", true));
            assertThat(parse("{'metrics': ['pageviews', 'visitors'], 'date_range': 'day', 'dimensions': ['event:page', 'time:hour']}").orderBy())
                    .containsExactly(new Order("time:hour", false), new Order("pageviews", true));
        }

        @Test
        void byQueriedMetricsAndDimensions() {
            assertThat(visitors("'dimensions': ['visit:source'], 'order_by': [['visit:source', 'asc'], ['visitors', 'desc']]").orderBy())
                    .containsExactly(new Order("visit:source", false), new Order("visitors", true));
        }

        @Test
        void timeNamesTheQueriedTimeDimension() {
            assertThat(visitors("'dimensions': ['time:hour'], 'order_by': [['time', 'desc']]").orderBy()).containsExactly(new Order("time:hour", true));
        }

        @Test
        void errors() {
            assertThat(visitorsError("'order_by': 'visitors'")).isEqualTo("Invalid order_by: expected a list of [name, \"asc\"|\"desc\"]");
            assertThat(visitorsError("'order_by': [['visitors', 'down']]"))
                    .isEqualTo("Invalid order_by entry [\"visitors\",\"down\"]: expected [name, \"asc\"|\"desc\"]");
            assertThat(visitorsError("'order_by': [['visitors']]")).isEqualTo("Invalid order_by entry [\"visitors\"]: expected [name, \"asc\"|\"desc\"]");
            assertThat(visitorsError("'order_by': [['pageviews', 'desc']]"))
                    .isEqualTo("Invalid order_by entry [\"pageviews\",\"desc\"]. Entry is not a queried metric or dimension.");
            assertThat(visitorsError("'order_by': [['time', 'asc']]"))
                    .isEqualTo("Invalid order_by entry [\"time\",\"asc\"]. Entry is not a queried metric or dimension.");
        }
    }

    @Nested
    class Pagination {
        @Test
        void byDefaultTheFirstTenThousand() {
            assertThat(visitors("")).satisfies(q -> {
                assertThat(q.limit()).isEqualTo(QueryParser.MAX_LIMIT);
                assertThat(q.offset()).isZero();
            });
            assertThat(visitors("'pagination': {}").limit()).isEqualTo(QueryParser.MAX_LIMIT);
        }

        @Test
        void limitAndOffset() {
            assertThat(visitors("'pagination': {'limit': 10, 'offset': 30}")).satisfies(q -> {
                assertThat(q.limit()).isEqualTo(10);
                assertThat(q.offset()).isEqualTo(30);
            });
        }

        @Test
        void errors() {
            assertThat(visitorsError("'pagination': [10]")).isEqualTo("Invalid pagination: expected an object {\"limit\": n, \"offset\": n}");
            assertThat(visitorsError("'pagination': {'limit': 0}")).isEqualTo("#/pagination/limit: Expected an integer >= 1 but got 0");
            assertThat(visitorsError("'pagination': {'limit': 10001}")).isEqualTo("#/pagination/limit: Expected an integer <= 10000 but got 10001");
            assertThat(visitorsError("'pagination': {'limit': 1.5}")).isEqualTo("#/pagination/limit: Expected an integer >= 1 but got 1.5");
            assertThat(visitorsError("'pagination': {'limit': '10'}")).isEqualTo("#/pagination/limit: Expected an integer >= 1 but got \"10\"");
            assertThat(visitorsError("'pagination': {'offset': -1}")).isEqualTo("#/pagination/offset: Expected an integer >= 0 but got -1");
        }
    }

    @Nested
    class WhatPlausibleRefusesToMix {
        static Stream<Arguments> refused() {
            return Stream.of(
                    arguments("{'metrics': ['bounce_rate', 'visit_duration'], 'date_range': 'day', 'dimensions': ['event:name']}",
                            "Session metric(s) `bounce_rate`, `visit_duration` cannot be queried along with event dimension(s) `event:name`"),
                    arguments("{'metrics': ['pageviews', 'scroll_depth'], 'date_range': 'day', 'dimensions': ['visit:exit_page'], "
                                    + "'filters': [['is', 'event:page', ['/']]]}",
                            "Event metric(s) `pageviews`, `scroll_depth` cannot be queried along with session dimension(s) `visit:exit_page`"),
                    arguments("{'metrics': ['views_per_visit'], 'date_range': 'day', 'filters': [['is', 'event:page', ['/']]]}",
                            "Metric `views_per_visit` cannot be queried with a filter on `event:page`."),
                    arguments("{'metrics': ['views_per_visit'], 'date_range': 'day', 'dimensions': ['visit:source']}",
                            "Metric `views_per_visit` cannot be queried with `dimensions`."),
                    arguments("{'metrics': ['conversion_rate'], 'date_range': 'day'}",
                            "Metric `conversion_rate` can only be queried with event:goal filters or dimensions."),
                    arguments("{'metrics': ['group_conversion_rate'], 'date_range': 'day', 'dimensions': ['visit:source']}",
                            "Metric `group_conversion_rate` can only be queried with event:goal filters or dimensions."),
                    arguments("{'metrics': ['scroll_depth'], 'date_range': 'day'}",
                            "Metric `scroll_depth` can only be queried with event:page filters or dimensions."),
                    // Scroll depth needs the page filter at the top level.
                    arguments("{'metrics': ['scroll_depth'], 'date_range': 'day', 'filters': [['not', ['is', 'event:page', ['/']]]]}",
                            "Metric `scroll_depth` can only be queried with event:page filters or dimensions."),
                    arguments("{'metrics': ['time_on_page'], 'date_range': 'day'}",
                            "Metric `time_on_page` can only be queried with event:page filters or dimensions."),
                    arguments("{'metrics': ['time_on_page'], 'date_range': 'day', 'dimensions': ['event:goal'], "
                                    + "'filters': [['is', 'event:page', ['/']]]}",
                            "Metrics `scroll_depth` and `time_on_page` cannot be queried with the event:goal dimension."));
        }

        @ParameterizedTest
        @MethodSource("refused")
        void refused(String body, String message) {
            assertThat(error(body)).isEqualTo(message);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                // Visit metrics by page (host) are those of the visits entering on it.
                "{'metrics': ['bounce_rate'], 'date_range': 'day', 'dimensions': ['event:page']}",
                "{'metrics': ['visit_duration', 'bounce_rate'], 'date_range': 'day', 'dimensions': ['event:page', 'event:hostname']}",
                // Session metrics with page and host filters together.
                "{'metrics': ['visit_duration', 'bounce_rate', 'visits'], 'date_range': 'day', "
                        + "'filters': [['is', 'event:page', ['/']], ['is', 'event:hostname', ['a.test']]]}",
                // Plausible refuses any dimension with views per visit; Footfall lets the dashboard chart it.
                "{'metrics': ['views_per_visit'], 'date_range': 'day', 'dimensions': ['time:hour']}",
                // Time on page takes a page filter anywhere in the tree.
                "{'metrics': ['time_on_page'], 'date_range': 'day', 'filters': [['not', ['is', 'event:page', ['/']]]]}"})
        void accepted(String body) {
            assertThat(parse(body).metrics()).isNotEmpty();
        }
    }

    @Test
    void theQueryKeepsTheSiteGoalsAndTheDateRangeAsSent() throws JsonProcessingException {
        StatsQuery q = visitors("");
        assertThat(q.site()).isEqualTo(SITE);
        assertThat(q.goals()).isEqualTo(GOALS);
        assertThat(q.dateRangeInput()).isEqualTo(new ObjectMapper().readTree("\"day\""));
    }
}
