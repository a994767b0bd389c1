package dev.footfall.store.sql;

import dev.footfall.query.Attribute;
import org.junit.jupiter.api.Test;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnsTest {
    private final Columns columns = new Columns(SQL);

    @Test
    void eventPropertiesAreColumnsOfTheEventsTable() {
        assertThat(Columns.event(Attribute.NAME, "e")).isEqualTo("e.name");
        assertThat(Columns.event(Attribute.PAGE, "x")).isEqualTo("x.pathname");
        assertThat(Columns.event(Attribute.HOSTNAME, "e")).isEqualTo("e.hostname");
        assertThatThrownBy(() -> Columns.event(Attribute.SOURCE, "e")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyReferrerIsLabelledDirect() {
        assertThat(columns.visitLabel(Attribute.SOURCE, "s"))
                .isEqualTo("CASE WHEN s.referrer_source = '' THEN 'Direct / None' ELSE s.referrer_source END");
        assertThat(columns.visitLabel(Attribute.REFERRER, "va"))
                .isEqualTo("CASE WHEN va.referrer = '' THEN 'Direct / None' ELSE va.referrer END");
    }

    @Test
    void anEmptyUtmTagOrClientIsLabelledNotSet() {
        assertThat(columns.visitLabel(Attribute.UTM_CAMPAIGN, "s"))
                .isEqualTo("CASE WHEN s.utm_campaign = '' THEN '(not set)' ELSE s.utm_campaign END");
        assertThat(columns.visitLabel(Attribute.BROWSER_VERSION, "s"))
                .isEqualTo("CASE WHEN s.browser_version = '' THEN '(not set)' ELSE s.browser_version END");
    }

    @Test
    void pagesAndPlacesAreTheirColumns() {
        assertThat(columns.visitLabel(Attribute.ENTRY_PAGE, "s")).isEqualTo("s.entry_page");
        assertThat(columns.visitLabel(Attribute.EXIT_PAGE, "s")).isEqualTo("s.exit_page");
        assertThat(columns.visitLabel(Attribute.COUNTRY, "v")).isEqualTo("v.country");
        assertThatThrownBy(() -> columns.visitLabel(Attribute.PAGE, "s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOrEmptyPropertyIsLabelledNone() {
        assertThat(columns.prop("e", "plan")).isEqualTo("MAP(e.props, 'plan')");
        assertThat(columns.propLabel("e", "plan"))
                .isEqualTo("CASE WHEN coalesce(MAP(e.props, 'plan'), '') = '' THEN '(none)' ELSE MAP(e.props, 'plan') END");
    }

    @Test
    void aPropertyKeyIsALiteralOfTheDialect() {
        assertThat(columns.prop("e", "it's")).isEqualTo("MAP(e.props, 'it''s')");
    }

    @Test
    void theRepeatedVisitPropertiesAreAllButThePages() {
        assertThat(Columns.VISIT_PROPERTIES.stream().map(Columns::visit)).containsExactly("referrer_source", "referrer",
                "utm_medium", "utm_source", "utm_campaign", "utm_content", "utm_term", "device", "browser", "browser_version",
                "os", "os_version", "country", "region", "city", "hostname");
    }
}
