package dev.footfall.enrich;

import dev.footfall.store.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserAgentsTest {
    private static final UserAgents USER_AGENTS = new UserAgents();

    @Test
    void browsersAreClassified() {
        Event.Client iphone = USER_AGENTS.classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
        assertThat(iphone.device()).isEqualTo("Mobile");
        assertThat(iphone.browser()).isEqualTo("Safari");
        assertThat(iphone.os()).isEqualTo("iOS");
        assertThat(iphone.osVersion()).isEqualTo("17");
        Event.Client windows = USER_AGENTS.classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        assertThat(windows.device()).isEqualTo("Desktop");
        assertThat(windows.browser()).isEqualTo("Chrome");
        assertThat(windows.browserVersion()).isEqualTo("131");
        assertThat(windows.os()).isEqualTo("Windows NT");
        Event.Client ipad = USER_AGENTS.classify("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
        assertThat(ipad.device()).isEqualTo("Tablet");
    }

    @Test
    void robotsAreNotPeople() {
        assertThat(USER_AGENTS.classify("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")).isNull();
        assertThat(USER_AGENTS.classify("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")).isNull();
        assertThat(USER_AGENTS.classify("Go-http-client/1.1")).isNull();
        assertThat(USER_AGENTS.classify("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36")).isNull();
    }
}
