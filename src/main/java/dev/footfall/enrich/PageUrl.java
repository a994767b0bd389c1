package dev.footfall.enrich;

import dev.footfall.store.Event;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits the page URL into hostname (without "www."), decoded pathname (plus the fragment in hash
 * mode, for hash-routed single-page apps) and UTM parameters; checks the hostname against the
 * site's allowed hostnames. Any scheme is taken (app://localhost/login from a mobile app); a URL
 * without a host gets the hostname "(none)", as in Plausible.
 */
public final class PageUrl implements Step {
    /** Plausible's hostname for a URL without one (about:blank, a bare path): a value a filter can still name. */
    static final String NO_HOST = "(none)";

    @Override
    public String name() {
        return "page_url";
    }

    @Override
    public void apply(EventDraft draft) {
        URI url = draft.request.url();
        String host = EventRequest.host(url);
        draft.hostname = host == null ? NO_HOST : host;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : decode(url.getRawPath());
        if (draft.request.hashMode() && url.getRawFragment() != null) path = path + "#" + decode(url.getRawFragment());
        draft.pathname = path;
        Map<String, String> query = queryParameters(url.getRawQuery());
        draft.utm = new Event.Utm(query.getOrDefault("utm_medium", ""), query.getOrDefault("utm_source", ""),
                query.getOrDefault("utm_campaign", ""), query.getOrDefault("utm_content", ""), query.getOrDefault("utm_term", ""));
        if (!draft.site.allowsHostname(draft.hostname)) draft.drop(DropReason.DISALLOWED_HOSTNAME);
    }

    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return params;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            params.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // a stray '%' is kept as written rather than losing the page
        }
    }
}
