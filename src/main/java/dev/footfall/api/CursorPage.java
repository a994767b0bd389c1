package dev.footfall.api;

import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list in Plausible's cursor pagination ({@code after}, {@code before},
 * {@code limit}; {@code meta} holds the cursors of the next and the previous page, null at either
 * end). A cursor is the opaque base64 of the key of the entry it follows or precedes, so a page
 * stays put when entries are added or removed elsewhere in the list.
 *
 * @param entries the page, in list order
 * @param meta    Plausible's {@code meta}: {@code after}, {@code before}, {@code limit}
 */
public record CursorPage<T>(List<T> entries, Map<String, Object> meta) {
    /** Plausible's page size when none is asked for. */
    static final int DEFAULT_LIMIT = 100;
    /** Plausible's largest page: a larger limit is lowered to it, as there. */
    static final int MAX_LIMIT = 1000;
    /** Longer than any key (a domain, an e-mail address, a number) could encode to. */
    private static final int MAX_CURSOR = 1400;

    /**
     * The page of {@code sorted} (ascending by {@code key}) that the request's parameters ask for;
     * 400 naming the parameter when one is not a cursor or a limit.
     */
    public static <T> CursorPage<T> of(List<T> sorted, Function<T, String> key, ServerRequest req) {
        int limit = limit(req.query().first("limit").asOptional());
        Optional<String> after = cursor(req, "after");
        Optional<String> before = cursor(req, "before");
        if (after.isPresent() && before.isPresent()) throw ApiException.badRequest("before", "cannot be given together with 'after'");
        int from = 0, to = sorted.size();
        if (after.isPresent()) {
            from = firstBeyond(sorted, key, after.get());
            to = Math.min(sorted.size(), from + limit);
        } else if (before.isPresent()) {
            to = firstAtOrBeyond(sorted, key, before.get());
            from = Math.max(0, to - limit);
        } else {
            to = Math.min(sorted.size(), limit);
        }
        List<T> page = sorted.subList(from, to);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("after", to < sorted.size() && !page.isEmpty() ? encode(key.apply(page.getLast())) : null);
        meta.put("before", from > 0 && !page.isEmpty() ? encode(key.apply(page.getFirst())) : null);
        meta.put("limit", limit);
        return new CursorPage<>(List.copyOf(page), meta);
    }

    private static int limit(Optional<String> text) {
        if (text.isEmpty()) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(text.get().strip());
            if (limit < 1) throw ApiException.badRequest("limit", "must be a positive whole number");
            return Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "must be a positive whole number");
        }
    }

    private static Optional<String> cursor(ServerRequest req, String name) {
        Optional<String> text = req.query().first(name).asOptional().filter(s -> !s.isEmpty());
        if (text.isEmpty()) return Optional.empty();
        if (text.get().length() > MAX_CURSOR) throw ApiException.badRequest(name, "is not a cursor this API gave out");
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(text.get()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, "is not a cursor this API gave out");
        }
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> int firstBeyond(List<T> sorted, Function<T, String> key, String cursor) {
        int i = 0;
        while (i < sorted.size() && key.apply(sorted.get(i)).compareTo(cursor) <= 0) i++;
        return i;
    }

    private static <T> int firstAtOrBeyond(List<T> sorted, Function<T, String> key, String cursor) {
        int i = 0;
        while (i < sorted.size() && key.apply(sorted.get(i)).compareTo(cursor) < 0) i++;
        return i;
    }
}
