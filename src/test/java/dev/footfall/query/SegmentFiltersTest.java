package dev.footfall.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link SegmentFilters} puts segments in place of their filter: the shapes Plausible's resolve_segments gives. */
class SegmentFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Long, String> SAVED = Map.of(
            1L, "[['contains','visit:entry_page',['blog']],['is','visit:country',['PL']]]",
            2L, "[['is','event:goal',['Signup']]]");
    private static final LongFunction<Optional<JsonNode>> LOOKUP = id -> Optional.ofNullable(SAVED.get(id)).map(SegmentFiltersTest::json);

    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    private static String expanded(String filters) {
        return SegmentFilters.expand(json("{'filters':" + filters + "}"), LOOKUP).get("filters").toString().replace('"', '\'');
    }

    @Test
    void oneSegmentAtTheTopBecomesItsFilters() {
        assertThat(expanded("[['is','visit:entry_page',['/home']],['is','segment',[1]],['is','segment',[2]]]"))
                .isEqualTo("[['is','visit:entry_page',['/home']],['contains','visit:entry_page',['blog']],['is','visit:country',['PL']],"
                        + "['is','event:goal',['Signup']]]");
    }

    @Test
    void severalIdsAreAlternativesAndNestedOnesAnAnd() {
        assertThat(expanded("[['is','segment',[1,2]]]"))
                .isEqualTo("[['or',[['and',[['contains','visit:entry_page',['blog']],['is','visit:country',['PL']]]],"
                        + "['and',[['is','event:goal',['Signup']]]]]]]");
        assertThat(expanded("[['not',['is','segment',[2]]]]")).isEqualTo("[['not',['and',[['is','event:goal',['Signup']]]]]]");
    }

    @Test
    void aBodyWithoutSegmentsIsLeftAsItIs() {
        JsonNode body = json("{'filters':[['is','event:page',['/']]]}");
        assertThat(SegmentFilters.expand(body, LOOKUP)).isSameAs(body);
        JsonNode original = json("{'filters':[['is','segment',[1]]]}");
        SegmentFilters.expand(original, LOOKUP);
        assertThat(original.toString()).as("the body sent is not changed: the answer echoes it").contains("segment");
    }

    @Test
    void refusalsNameTheFilterAndTheId() {
        assertThatThrownBy(() -> expanded("[['is','event:page',['/']],['is','segment',[7]]]"))
                .hasMessage("#/filters/1: Invalid filters. Segment 7 does not exist on this site (or is not accessible).");
        assertThatThrownBy(() -> expanded("[['is_not','segment',[1]]]")).hasMessageContaining("only the is operator");
        assertThatThrownBy(() -> expanded("[['is','segment',['1']]]")).hasMessageContaining("segment ids are integers");
        assertThatThrownBy(() -> expanded("[['is','segment',[1,2,1,2,1,2]],['or',[['is','segment',[1,2,1,2,1]]]]]"))
                .hasMessageContaining("up to " + SegmentFilters.MAX_SEGMENTS + " segment filters");
    }
}
