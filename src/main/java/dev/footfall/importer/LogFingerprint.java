package dev.footfall.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Recognises a log file by its first line's content, whatever its name or compression. The first
 * line never changes as the server appends, and survives rotation and gzip, so a grown or rotated
 * log resumes where the last import stopped. It names a time to the second, a client and a request,
 * so two different logs practically never share it.
 */
final class LogFingerprint {
    private LogFingerprint() {}

    static String of(String firstLine) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(firstLine.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
