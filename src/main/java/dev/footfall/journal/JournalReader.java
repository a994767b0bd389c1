package dev.footfall.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads journal entries in order from a position, up to a bound the caller gives (the journal's
 * durable end: nothing beyond it was acknowledged). Confined to one thread, the loader's. At the
 * end of a segment's valid records it moves on to the next segment.
 */
public final class JournalReader implements AutoCloseable {
    /** One read fills this much of a segment at a time: large sequential reads, bounded memory. */
    private static final int CHUNK = 1 << 20;

    private final Segments segments;
    private long base = -1;
    private FileChannel channel;
    private long offset;
    private ByteBuffer buffer = ByteBuffer.allocate(CHUNK).flip();
    private long bufferOffset;

    JournalReader(Segments segments, long from) {
        this.segments = segments;
        Optional<Map.Entry<Long, Path>> holding = segments.holding(from);
        if (holding.isPresent()) {
            open(holding.get());
            offset = Math.max(0, from - base);
            bufferOffset = offset;
        }
    }

    /** The position of the next entry to read. */
    public long position() {
        return base < 0 ? 0 : base + offset;
    }

    /**
     * Reads entries that end at or before {@code upTo}, at most {@code max} of them, handing each to
     * {@code sink}.
     *
     * @return how many were read
     */
    public int read(long upTo, int max, Consumer<JournalEntry> sink) {
        int read = 0;
        while (read < max) {
            if (channel == null && !openNext()) return read;
            if (base + offset >= upTo) return read;
            JournalEntry entry = next(upTo);
            if (entry == null) {
                // the end of this segment's valid records: go on with the next segment, if any
                if (!openNext()) return read;
                continue;
            }
            sink.accept(entry);
            read++;
        }
        return read;
    }

    private JournalEntry next(long upTo) {
        try {
            if (!fill(Frames.HEADER, upTo)) return null;
            int length = buffer.getInt(buffer.position());
            int crc = buffer.getInt(buffer.position() + 4);
            if (!Frames.validLength(length) || !fill(Frames.HEADER + length, upTo)) return null;
            ByteBuffer payload = buffer.slice(buffer.position() + Frames.HEADER, length);
            if (!Frames.checksumMatches(payload, crc)) return null;
            JournalEntry entry = EntryCodec.decode(payload);
            buffer.position(buffer.position() + Frames.HEADER + length);
            offset += Frames.HEADER + length;
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the journal at " + position(), e);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return null; // a payload that passed its checksum but does not decode: treated as the end of valid records
        }
    }

    /** Makes {@code bytes} bytes from the current offset available in the buffer, never reading past {@code upTo}; false if the segment has fewer. */
    private boolean fill(int bytes, long upTo) throws IOException {
        if (buffer.remaining() >= bytes) return true;
        long limit = Math.min(channel.size(), upTo - base);
        if (offset + bytes > limit) return false;
        if (bytes > buffer.capacity()) buffer = ByteBuffer.allocate(bytes);
        buffer.clear();
        bufferOffset = offset;
        long want = Math.min(buffer.capacity(), limit - offset);
        buffer.limit((int) want);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, bufferOffset + buffer.position()) < 0) break;
        }
        buffer.flip();
        return buffer.remaining() >= bytes;
    }

    private boolean openNext() {
        Optional<Map.Entry<Long, Path>> next = base < 0 ? segments.holding(0) : segments.after(base);
        if (next.isEmpty()) return false;
        open(next.get());
        offset = 0;
        return true;
    }

    private void open(Map.Entry<Long, Path> segment) {
        close();
        try {
            channel = FileChannel.open(segment.getValue(), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal segment " + segment.getValue(), e);
        }
        base = segment.getKey();
        buffer.clear().flip();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
            channel = null;
        }
    }
}
