package dev.footfall.importer;

/** What a log parser made of one line: a request, or the reason it is not one. */
public sealed interface ParsedLine {

    /**
     * One request as the server logged it.
     *
     * @param epochSecond when the request arrived, UTC
     * @param method      empty when the request line was not "METHOD TARGET [PROTOCOL]"
     * @param target      the request target as sent (path and query, or an absolute URL)
     * @param referrer    empty when the log has "-"
     */
    record Request(String ip, long epochSecond, String method, String target, int status, String referrer,
                   String userAgent) implements ParsedLine {}

    /** A line that is not in the expected format; {@code problem} says what was wrong, for the summary. */
    record Malformed(String problem) implements ParsedLine {}
}
