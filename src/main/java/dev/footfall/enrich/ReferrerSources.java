package dev.footfall.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a referrer host to a source name ("Google", "Hacker News") from the bundled
 * {@code referrers.tsv}, and tells referrer spam from {@code spam-referrers.txt}.
 *
 * <p>A line {@code host<TAB>Source} matches the host and every subdomain of it; a line
 * {@code google.*<TAB>Google} matches that label under any public suffix of one or two labels
 * (google.com, google.co.uk, www.google.de).
 */
public final class ReferrerSources {
    private final Map<String, String> bySuffix = new HashMap<>();
    private final Map<String, String> byLabel = new HashMap<>();
    private final Set<String> spam = new HashSet<>();

    public static ReferrerSources bundled() {
        ReferrerSources sources = new ReferrerSources();
        read("referrers.tsv", line -> {
            String[] parts = line.split("\t");
            if (parts.length != 2) throw new IllegalStateException("referrers.tsv: expected host<TAB>source: " + line);
            if (parts[0].endsWith(".*")) sources.byLabel.put(parts[0].substring(0, parts[0].length() - 2), parts[1]);
            else sources.bySuffix.put(parts[0], parts[1]);
        });
        read("spam-referrers.txt", sources.spam::add);
        return sources;
    }

    private static void read(String resource, java.util.function.Consumer<String> line) {
        try (InputStream in = ReferrerSources.class.getResourceAsStream(resource);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source name for a host (already lower-case, without www.), if it is a known one. */
    public Optional<String> sourceOf(String host) {
        for (String h = host; ; ) {
            String source = bySuffix.get(h);
            if (source != null) return Optional.of(source);
            int dot = h.indexOf('.');
            if (dot < 0) break;
            h = h.substring(dot + 1);
        }
        String[] labels = host.split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
            String source = byLabel.get(labels[i]);
            if (source != null && labels.length - i - 1 <= 2) return Optional.of(source);
        }
        return Optional.empty();
    }

    public boolean isSpam(String host) {
        for (String h = host; ; ) {
            if (spam.contains(h)) return true;
            int dot = h.indexOf('.');
            if (dot < 0) return false;
            h = h.substring(dot + 1);
        }
    }
}
