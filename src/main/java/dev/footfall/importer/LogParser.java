package dev.footfall.importer;

/** Turns one line of an access log into a request. Implementations are stateless and thread-safe. */
public interface LogParser {
    ParsedLine parse(String line);
}
