package dev.footfall.journal;

import dev.footfall.store.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal on real files: order, segments, damage found at start, and back-pressure. */
class JournalTest {
    /** Small segments, so a few hundred entries span several files. */
    private static final Journal.Limits SMALL = new Journal.Limits(8 * 1024, 1L << 30, Duration.ofMinutes(5), 100);

    @TempDir
    Path dir;

    @Test
    void entriesComeBackInOrderWithEveryFieldAcrossSegments() throws Exception {
        List<JournalEntry> written = new ArrayList<>();
        try (Journal journal = Journal.open(dir, 0, SMALL, Journal.Listener.NONE)) {
            for (int i = 0; i < 300; i++) {
                List<JournalEntry> request = List.of(event(i), new JournalEntry.ImportProgress("fp" + i, "site.test", "access.log", i));
                journal.append(request).durable().get();
                written.addAll(request);
            }
            assertThat(segments()).hasSizeGreaterThan(3);
            assertThat(readAll(journal, 0)).isEqualTo(written);
        }
    }

    @Test
    void loadedSegmentsAreDeletedAndPositionsSurviveARestart() throws Exception {
        long end;
        try (Journal journal = Journal.open(dir, 0, SMALL, Journal.Listener.NONE)) {
            for (int i = 0; i < 200; i++) journal.append(List.of(event(i))).durable().get();
            end = journal.durableEnd();
            int before = segments().size();
            journal.loaded(end);
            assertThat(segments()).hasSize(1).hasSizeLessThan(before); // the one being written stays
        }
        try (Journal journal = Journal.open(dir, end, SMALL, Journal.Listener.NONE)) {
            assertThat(journal.durableEnd()).isEqualTo(end);
            journal.append(List.of(event(1000))).durable().get();
            assertThat(readAll(journal, end)).containsExactly(event(1000));
        }
    }

    @Test
    void aTornLastRecordIsCutReportedAndNothingBeforeItIsLost() throws Exception {
        List<JournalEntry> acknowledged = new ArrayList<>();
        try (Journal journal = Journal.open(dir, 0, SMALL, Journal.Listener.NONE)) {
            for (int i = 0; i < 50; i++) {
                journal.append(List.of(event(i))).durable().get();
                acknowledged.add(event(i));
            }
        }
        Path last = segments().getLast();
        long goodSize = Files.size(last);
        // a crash in the middle of a write: a header promising more bytes than arrived
        Files.write(last, new byte[]{0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);
        List<String> reported = new ArrayList<>();
        try (Journal journal = Journal.open(dir, 0, SMALL, damageTo(reported))) {
            assertThat(journal.damage()).hasSize(1).first().asString().contains("torn or corrupt tail").contains(last.getFileName().toString());
            assertThat(reported).isEqualTo(journal.damage());
            assertThat(Files.size(last)).isEqualTo(goodSize);
            journal.append(List.of(event(99))).durable().get();
            acknowledged.add(event(99));
            assertThat(readAll(journal, 0)).isEqualTo(acknowledged);
        }
    }

    @Test
    void aCorruptMiddleSegmentIsReportedAndEverythingElseIsRead() throws Exception {
        List<JournalEntry> acknowledged = new ArrayList<>();
        try (Journal journal = Journal.open(dir, 0, SMALL, Journal.Listener.NONE)) {
            for (int i = 0; i < 300; i++) {
                journal.append(List.of(event(i))).durable().get();
                acknowledged.add(event(i));
            }
        }
        List<Path> files = segments();
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        Path middle = files.get(1);
        long damageAt = Files.size(middle) / 2;
        try (FileChannel ch = FileChannel.open(middle, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), damageAt);
        }
        try (Journal journal = Journal.open(dir, 0, SMALL, Journal.Listener.NONE)) {
            assertThat(journal.damage()).hasSize(1).first().asString().contains("corrupt record in " + middle.getFileName());
            List<JournalEntry> read = readAll(journal, 0);
            // the records of the damaged segment after the damage point are lost, nothing else
            long middleBase = Long.parseLong(middle.getFileName().toString().replace(".seg", ""));
            long nextBase = Long.parseLong(files.get(2).getFileName().toString().replace(".seg", ""));
            long damagePoint = middleBase + validBefore(middle);
            assertThat(damagePoint).isLessThanOrEqualTo(middleBase + damageAt);
            List<JournalEntry> expected = new ArrayList<>();
            long position = 0;
            for (JournalEntry e : acknowledged) {
                if (position < damagePoint || position >= nextBase) expected.add(e);
                position += Frames.HEADER + EntryCodec.encode(e).length;
            }
            assertThat(read).isEqualTo(expected);
            assertThat(read.size()).isLessThan(acknowledged.size()).isGreaterThan(acknowledged.size() / 2);
        }
    }

    @Test
    void aStoreTooFarBehindMakesTheJournalRefuse() throws Exception {
        Journal.Limits tight = new Journal.Limits(1 << 20, 2_000, Duration.ofMinutes(5), 100);
        try (Journal journal = Journal.open(dir, 0, tight, Journal.Listener.NONE)) {
            while (journal.lagBytes() <= 2_000) journal.append(List.of(event(1))).durable().get();
            assertThatThrownBy(() -> journal.append(List.of(event(2)))).isInstanceOf(JournalBusyException.class)
                    .hasMessageContaining("behind");
            journal.loaded(journal.durableEnd());
            journal.append(List.of(event(3))).durable().get(); // caught up: accepted again
        }
    }

    @Test
    void aWithdrawnRequestIsNeverWritten() throws Exception {
        try (Journal journal = Journal.open(dir, 0, SMALL, Journal.Listener.NONE)) {
            Journal.Appended appended = journal.append(List.of(event(1)));
            if (appended.withdraw()) {
                journal.append(List.of(event(2))).durable().get();
                assertThat(readAll(journal, 0)).containsExactly(event(2));
            } else {
                appended.durable().get(); // the writer had it already: it is stored, never refused
                assertThat(readAll(journal, 0)).containsExactly(event(1));
            }
        }
    }

    private static long validBefore(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            return Segments.validLength(ch);
        }
    }

    private static Journal.Listener damageTo(List<String> reported) {
        return new Journal.Listener() {
            @Override
            public void damageFound(String what) {
                reported.add(what);
            }
        };
    }

    private static List<JournalEntry> readAll(Journal journal, long from) {
        List<JournalEntry> read = new ArrayList<>();
        try (JournalReader reader = journal.reader(from)) {
            while (reader.read(journal.durableEnd(), 1000, read::add) > 0) {
                // until the durable end
            }
        }
        return read;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    static JournalEntry.Accepted event(int i) {
        Event e = new Event("site.test", Instant.ofEpochSecond(1_700_000_000L + i), i % 7 == 0 ? "Signup" : "pageview",
                0x1234_5678_9abcL + i, 0, "site.test", "/page/" + i + "/ünïcødé", "https://ref.example/" + i, "Ref",
                new Event.Utm("m", "s", "c" + i, "", ""), new Event.Location("DE", "BE", "Berlin"),
                new Event.Client("Desktop", "Firefox", "120", "Linux", ""),
                i % 3 == 0 ? Map.of("plan", "pro", "n", Integer.toString(i)) : Map.of(), i % 2 == 0,
                i % 5 == 0 ? i % 101 : null, i % 5 == 0 ? i * 1000 : null);
        return new JournalEntry.Accepted(e, i % 4 == 0 ? 0 : 42L + i);
    }
}
