package dev.footfall.importer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the lines of a log file, plain or gzip (recognised by its magic bytes, not its name), with its
 * own byte-level line splitting: it is faster than a Reader, bounds memory on absurd lines, and can
 * tell a complete line from a last line the server is still writing.
 */
final class LogReader implements AutoCloseable {
    /**
     * Large reads keep the per-call overhead of decompression and file I/O negligible. A longer line
     * is cut at this length: real request lines are a few hundred bytes, and memory must stay bounded.
     */
    static final int BUFFER_BYTES = 256 * 1024;
    private static final int GZIP_MAGIC = 0x8b1f;

    private final CountingStream file;
    private final InputStream in;
    private final boolean compressed;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private int scanFrom;
    private boolean eof;
    private boolean discardingOverlong;
    private boolean unterminatedTail;

    private LogReader(CountingStream file, InputStream in, boolean compressed) {
        this.file = file;
        this.in = in;
        this.compressed = compressed;
    }

    static LogReader open(Path path) throws IOException {
        CountingStream file = new CountingStream(Files.newInputStream(path));
        BufferedInputStream buffered = new BufferedInputStream(file, BUFFER_BYTES);
        buffered.mark(2);
        int magic = buffered.read() | (buffered.read() << 8);
        buffered.reset();
        boolean gzip = magic == GZIP_MAGIC;
        // GZIPInputStream reads concatenated members too, as `cat a.gz b.gz` and some rotators produce.
        return new LogReader(file, gzip ? new GZIPInputStream(buffered, BUFFER_BYTES) : buffered, gzip);
    }

    /**
     * The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end. A plain
     * file's last line without a newline is not returned: the server may still be writing it, and
     * the next import picks it up whole ({@link #unterminatedTail()} tells). A compressed file is
     * finished, so its last line counts either way.
     */
    String nextLine() throws IOException {
        while (true) {
            int newline = indexOfNewline();
            if (newline >= 0) {
                int start = pos;
                pos = scanFrom = newline + 1;
                if (!discardingOverlong) return decode(start, newline);
                discardingOverlong = false; // the rest of a cut line ends here; scan on for the next one
                continue;
            }
            scanFrom = limit;
            if (discardingOverlong) pos = limit;
            if (eof) {
                if (pos == limit) return null;
                if (!compressed) {
                    unterminatedTail = true;
                    return null;
                }
                String line = decode(pos, limit);
                pos = scanFrom = limit;
                return line;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                scanFrom -= pos;
                pos = 0;
            } else if (limit == buf.length) {
                String cut = decode(0, limit);
                pos = scanFrom = limit;
                discardingOverlong = true;
                return cut;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) eof = true;
            else limit += n;
        }
    }

    private int indexOfNewline() {
        for (int i = scanFrom; i < limit; i++) if (buf[i] == '\n') return i;
        return -1;
    }

    private String decode(int from, int to) {
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        return new String(buf, from, end - from, StandardCharsets.UTF_8);
    }

    /** Whether the file ended in a line without a newline, left for the next import. */
    boolean unterminatedTail() {
        return unterminatedTail;
    }

    /** Bytes of the file itself (compressed, for gzip) read so far, for progress. */
    long fileBytesRead() {
        return file.count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
