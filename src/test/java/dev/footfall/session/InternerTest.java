package dev.footfall.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternerTest {
    @Test
    void equalValuesComeBackAsOneInstanceAndTheMapStaysBounded() {
        Interner interner = new Interner();
        String first = interner.of(new String("/pricing"));
        assertThat(interner.of(new String("/pricing"))).isSameAs(first);
        assertThat(interner.<String>of(null)).isNull();
        for (int i = 0; i < Interner.MAX_VALUES * 3; i++) interner.of("/page-" + i);
        assertThat(interner.size()).isLessThanOrEqualTo(Interner.MAX_VALUES);
        assertThat(interner.of(new String("/x"))).isEqualTo("/x");
    }
}
