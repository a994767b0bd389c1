package dev.footfall.enrich;

import dev.footfall.store.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UserAgentsTest {
    private static final UserAgents USER_AGENTS = new UserAgents();

    /**
     * Real user agents with what Plausible stores for them: Device Detector's names after
     * Plausible's renaming (Mobile Safari and Chrome Mobile are Safari and Chrome, app browsers
     * "Mobile App"), versions cut to major.minor as the text carries them (a reduced Chrome's
     * "131.0.0.0" is "131.0", a frozen "Mac OS X 10_15_7" is "10.15", Windows 11 says NT 10.0), and
     * devices in Plausible's three buckets (a television is a desktop). Empty is "(not set)".
     */
    @ParameterizedTest(name = "{1} {2} on {3} {4}, {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Desktop | Chrome                     | 131.0 | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
            Desktop | Firefox                    | 133.0 | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0
            Desktop | Microsoft Edge             | 131.0 | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0
            Desktop | Microsoft Edge             | 131.0 | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86
            Desktop | Opera                      | 115.0 | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0
            Desktop | Chrome                     | 109.0 | Windows   | 7       | Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36
            Desktop | Chrome                     | 109.0 | Windows   | 8.1     | Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36
            Desktop | Internet Explorer          | 11.0  | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko
            Desktop | Yandex Browser             | 24.12 | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 YaBrowser/24.12.0.0 Safari/537.36
            Desktop | Vivaldi                    | 7.0   | Windows   | 10      | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Vivaldi/7.0.3495.18
            Desktop | Safari                     | 18.1  | Mac       | 10.15   | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15
            Desktop | Chrome                     | 131.0 | Mac       | 10.15   | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
            Desktop | Firefox                    | 133.0 | Mac       | 10.15   | Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0
            Desktop | Safari                     | 17.5  | Mac       | 14.5    | Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15
            Desktop | Microsoft Edge             | 131.0 | Mac       | 10.15   | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0
            Desktop | Opera                      | 115.0 | Mac       | 10.15   | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0
            Desktop | Chrome                     | 131.0 | GNU/Linux | ""      | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
            Desktop | Firefox                    | 133.0 | GNU/Linux | ""      | Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0
            Desktop | Firefox                    | 133.0 | Ubuntu    | ""      | Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0
            Desktop | Firefox                    | 133.0 | Fedora    | ""      | Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0
            Desktop | Chrome                     | 131.0 | Chrome OS | 14541.0 | Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
            Mobile  | Safari                     | 17.5  | iOS       | 17.5    | Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1
            Mobile  | Safari                     | 18.1  | iOS       | 18.1    | Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Mobile/15E148 Safari/604.1
            Mobile  | Chrome                     | 131.0 | iOS       | 17.5    | Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1
            Mobile  | Firefox                    | 133.0 | iOS       | 17.5    | Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15
            Mobile  | Microsoft Edge             | 131.0 | iOS       | 17.5    | Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 EdgiOS/131.0.2903.92
            Tablet  | Safari                     | 17.5  | iPadOS    | 17.5    | Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1
            Tablet  | Safari                     | 12.1  | iOS       | 12.5    | Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1
            Mobile  | Chrome                     | 131.0 | Android   | 10      | Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36
            Mobile  | Chrome                     | 131.0 | Android   | 14      | Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36
            Mobile  | Chrome                     | 131.0 | Android   | 13      | Mozilla/5.0 (Linux; Android 13; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36
            Mobile  | Samsung Browser            | 25.0  | Android   | 14      | Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36
            Mobile  | Samsung Browser            | 27.0  | Android   | 10      | Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36
            Tablet  | Chrome                     | 131.0 | Android   | 13      | Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
            Tablet  | Chrome                     | 131.0 | Android   | 11      | Mozilla/5.0 (Linux; Android 11; Lenovo TB-J606F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
            Mobile  | Firefox                    | 133.0 | Android   | 14      | Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0
            Mobile  | Microsoft Edge             | 131.0 | Android   | 10      | Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0
            Mobile  | Opera                      | 86.0  | Android   | 10      | Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 OPR/86.0.0.0
            Mobile  | Yandex Browser             | 24.10 | Android   | 12      | Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 YaBrowser/24.10.3.105.00 SA/3
            Mobile  | DuckDuckGo Privacy Browser | 5     | Android   | 13      | Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile DuckDuckGo/5 Safari/537.36
            Mobile  | Mobile App                 | 131.0 | Android   | 14      | Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36
            Mobile  | Mobile App                 | ""    | Android   | 14      | Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/490.0.0.52.81;]
            Desktop | Mobile App                 | 70.0  | Android   | 9       | Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/70.0.3538.110 Mobile Safari/537.36
            Desktop | Samsung Browser            | 4.0   | Tizen     | 6.0     | Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36
            """)
    void namesBrowsersAsPlausibleDoes(String device, String browser, String browserVersion, String os, String osVersion, String userAgent) {
        assertThat(USER_AGENTS.classify(userAgent)).isEqualTo(new Event.Client(device, browser, browserVersion, os, osVersion));
    }

    @Test
    void robotsAreNotPeople() {
        assertThat(USER_AGENTS.classify("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")).isNull();
        assertThat(USER_AGENTS.classify("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")).isNull();
        assertThat(USER_AGENTS.classify("Go-http-client/1.1")).isNull();
        assertThat(USER_AGENTS.classify("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36")).isNull();
    }
}
