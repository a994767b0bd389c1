package dev.footfall.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a server JVM started without {@code -XX:+ExitOnOutOfMemoryError} ends after a fatal error:
 * a child JVM (so that halting it is safe) meets each failure once.
 */
class FatalErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            thrown     | 3 | footfall: fatal OutOfMemoryError; exiting so that the supervisor restarts the server
            logged     | 3 | footfall: fatal OutOfMemoryError; exiting so that the supervisor restarts the server
            own-thread | 3 | footfall: the thread footfall-writer died of java.lang.IllegalStateException: the database is unusable
            request    | 0 | still running""")
    void fatalErrorsEndTheProcessAndOthersDoNot(String failure, int status, String output) throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FatalErrorsProbe.class.getName(), failure)
                .redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(out).isEqualTo(status);
        assertThat(out).contains(output);
        assertThat(out).contains("the JVM runs without -XX:+ExitOnOutOfMemoryError");
    }
}
