package dev.footfall.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The ceiling's nginx configuration keeps everything in its own directory and answers the events path with a bare 202. */
class NginxCeilingTest {
    @Test
    void configurationIsSelfContainedAndAnswers202() {
        Path dir = Path.of("/tmp/ceiling-test");
        String conf = NginxCeiling.config(dir, 12345, 2);
        assertThat(conf).contains("daemon off;", "worker_processes 2;", "pid /tmp/ceiling-test/nginx.pid;",
                "error_log /tmp/ceiling-test/error.log", "listen 127.0.0.1:12345;", "location = /api/event { return 202; }",
                "access_log off;", "client_body_temp_path /tmp/ceiling-test/body;");
        assertThat(conf).doesNotContain("/var/log", "/etc/nginx", "include ");
    }
}
