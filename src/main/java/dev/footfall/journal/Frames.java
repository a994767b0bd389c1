package dev.footfall.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * How a record sits in a segment: a 4-byte payload length, a 4-byte CRC32C of the payload, then
 * the payload. A length of 0 or over {@link #MAX_PAYLOAD}, a short read or a checksum mismatch
 * marks where the valid records of a segment end (a torn write at a crash, or damage).
 */
final class Frames {
    static final int HEADER = 8;
    /** Far above a real entry (an event body is at most 1 MB, enriched far less): a larger length is damage, not data. */
    static final int MAX_PAYLOAD = 4 * 1024 * 1024;

    private Frames() {}

    /** Appends the framed payload to {@code out} at its position. */
    static void put(ByteBuffer out, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        out.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
    }

    static boolean validLength(int length) {
        return length > 0 && length <= MAX_PAYLOAD;
    }

    static boolean checksumMatches(ByteBuffer payload, int expected) {
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        return (int) crc.getValue() == expected;
    }
}
