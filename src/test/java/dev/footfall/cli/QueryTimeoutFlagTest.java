package dev.footfall.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --query-timeout}: the durations it takes, and the mistakes it names before anything starts. */
class QueryTimeoutFlagTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            30s   | PT30S
            30    | PT30S
            500ms | PT0.5S
            2m    | PT2M
            2 M   | PT2M""")
    void takesSecondsMillisecondsAndMinutes(String text, Duration expected) {
        assertThat(ServerOptions.duration("--query-timeout", text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0ms", "-5s", "1h", "soon", "1.5s"})
    void refusesAnythingElseNamingTheFlag(String text) {
        CliRun run = CliRun.of("serve", "--query-timeout", text, "--port", "0");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--query-timeout must be a positive duration such as 30s, 500ms or 2m, not '" + text + "'");
    }
}
