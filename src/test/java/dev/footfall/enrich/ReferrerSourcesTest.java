package dev.footfall.enrich;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReferrerSourcesTest {
    private static final ReferrerSources SOURCES = ReferrerSources.bundled();

    @ParameterizedTest
    @CsvSource({"google.com,Google", "google.co.uk,Google", "news.google.com,Google News", "mail.google.com,Gmail",
            "news.ycombinator.com,Hacker News", "github.com,GitHub", "gist.github.com,GitHub", "t.co,Twitter",
            "l.facebook.com,Facebook", "duckduckgo.com,DuckDuckGo", "old.reddit.com,Reddit"})
    void knownHostsHaveTheirSourceName(String host, String source) {
        assertThat(SOURCES.sourceOf(host)).hasValue(source);
    }

    @ParameterizedTest
    @CsvSource({"example.org", "google.example.org.evil", "notgithub.com"})
    void unknownHostsHaveNone(String host) {
        assertThat(SOURCES.sourceOf(host)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"semalt.com,true", "sub.semalt.com,true", "example.com,false"})
    void spam(String host, boolean spam) {
        assertThat(SOURCES.isSpam(host)).isEqualTo(spam);
    }
}
