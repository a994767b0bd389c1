package dev.footfall.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The journal's files: {@code DIR/<20-digit position>.seg}, each named by the journal position of
 * its first byte, so a position (a byte offset over all segments ever written) names one record
 * for good, across segment deletion and restarts. Only the newest segment is written to.
 */
final class Segments {
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final NavigableMap<Long, Path> files = new ConcurrentSkipListMap<>();

    Segments(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> files.put(base(p), p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + dir, e);
        }
    }

    private static long base(Path p) {
        String name = p.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a journal segment: " + p, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** What a scan at start found: the end of the valid records, and each damage it cut or skipped. */
    record Recovery(long end, List<String> damage) {}

    /**
     * Finds the end of valid records in every segment. The newest is truncated there (a torn
     * write at a crash: nothing after it was ever acknowledged); an older one keeps its bytes but
     * is read only up to there, and its damage is reported.
     */
    Recovery recover() {
        List<String> damage = new ArrayList<>();
        long end = 0;
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            long base = e.getKey();
            Path file = e.getValue();
            boolean newest = base == files.lastKey();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                long valid = validLength(ch);
                if (valid < size) {
                    if (newest) {
                        ch.truncate(valid);
                        ch.force(true);
                        damage.add("torn or corrupt tail in " + file.getFileName() + " at offset " + valid + ": cut " + (size - valid) + " bytes");
                    } else {
                        damage.add("corrupt record in " + file.getFileName() + " at offset " + valid + ": the " + (size - valid)
                                + " bytes after it are skipped");
                    }
                }
                end = base + (newest ? valid : size);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read journal segment " + file, ex);
            }
        }
        return new Recovery(end, damage);
    }

    /** The length of the run of valid frames at the start of the file. */
    static long validLength(FileChannel ch) throws IOException {
        long offset = 0;
        long size = ch.size();
        ByteBuffer header = ByteBuffer.allocate(Frames.HEADER);
        while (offset + Frames.HEADER <= size) {
            header.clear();
            if (ch.read(header, offset) < Frames.HEADER) break;
            int length = header.getInt(0);
            int crc = header.getInt(4);
            if (!Frames.validLength(length) || offset + Frames.HEADER + length > size) break;
            ByteBuffer payload = ByteBuffer.allocate(length);
            while (payload.hasRemaining() && ch.read(payload, offset + Frames.HEADER + payload.position()) > 0) {
                // read the whole payload
            }
            payload.flip();
            if (payload.remaining() < length || !Frames.checksumMatches(payload, crc)) break;
            offset += Frames.HEADER + length;
        }
        return offset;
    }

    /** Opens the segment that starts at {@code base} for appending, creating it (and making its name durable) if new. */
    FileChannel openForAppend(long base) {
        Path file = files.computeIfAbsent(base, b -> dir.resolve(String.format("%020d", b) + SUFFIX));
        try {
            boolean created = !Files.exists(file);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (created) syncDirectory();
            return ch;
        } catch (IOException e) {
            files.remove(base, file);
            throw new UncheckedIOException("cannot create journal segment " + file, e);
        }
    }

    /** A new file's directory entry is durable only once the directory itself is synced. */
    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    Optional<Long> newestBase() {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.lastKey());
    }

    /** The segment holding {@code position}: the one with the greatest base at or below it, else the oldest. */
    Optional<Map.Entry<Long, Path>> holding(long position) {
        Map.Entry<Long, Path> e = files.floorEntry(position);
        return Optional.ofNullable(e != null ? e : files.firstEntry());
    }

    Optional<Map.Entry<Long, Path>> after(long base) {
        return Optional.ofNullable(files.higherEntry(base));
    }

    /** Deletes every segment that lies wholly below {@code position}, never the newest. */
    int deleteBelow(long position) {
        int deleted = 0;
        for (Map.Entry<Long, Path> e : files.headMap(position, false).entrySet()) {
            Long next = files.higherKey(e.getKey());
            if (next == null || next > position) break;
            try {
                Files.deleteIfExists(e.getValue());
                files.remove(e.getKey());
                deleted++;
            } catch (IOException ex) {
                break; // tried again after the next load
            }
        }
        return deleted;
    }

    /** Bytes the segment files hold on disk. */
    long bytesOnDisk() {
        long total = 0;
        for (Path p : files.values()) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        return total;
    }
}
