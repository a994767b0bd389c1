package dev.footfall.importer;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The combined log format, hand-parsed with indexOf and fixed offsets (no regex, no splitting), because
 * an import reads millions of lines and the parse must cost well under a microsecond:
 * <pre>203.0.113.7 - frank [10/Oct/2024:13:55:36 +0200] "GET /a?b=1 HTTP/1.1" 200 2326 "https://ref/" "Mozilla/5.0 ..."</pre>
 * Fields after the user agent (nginx set-ups often append more) are ignored. Quoted fields may contain
 * {@code \"} and {@code \\} (Apache's escapes); nginx's {@code \x22} escapes are left as written.
 */
public final class CombinedLogParser implements LogParser {
    /** "10/Oct/2024:13:55:36 +0200" — the one timestamp layout both servers write. */
    private static final int TIME_LENGTH = 26;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /** Marks an unparseable timestamp; no real log line is from the year -292 billion. */
    private static final long BAD_TIME = Long.MIN_VALUE;

    @Override
    public ParsedLine parse(String line) {
        int space = line.indexOf(' ');
        if (space <= 0) return new ParsedLine.Malformed("no client address");
        String ip = line.substring(0, space);

        int open = line.indexOf('[', space);
        if (open < 0 || open + TIME_LENGTH + 1 >= line.length() || line.charAt(open + TIME_LENGTH + 1) != ']') {
            return new ParsedLine.Malformed("no [dd/Mon/yyyy:HH:mm:ss +zzzz] time");
        }
        long time = epochSecond(line, open + 1);
        if (time == BAD_TIME) return new ParsedLine.Malformed("time is not dd/Mon/yyyy:HH:mm:ss +zzzz");

        int requestStart = open + TIME_LENGTH + 4; // past `] "`
        if (!line.startsWith(" \"", open + TIME_LENGTH + 2)) return new ParsedLine.Malformed("no quoted request after the time");
        int requestEnd = closingQuote(line, requestStart);
        if (requestEnd < 0) return new ParsedLine.Malformed("unterminated request");

        int statusStart = requestEnd + 2;
        if (statusStart + 3 > line.length() || line.charAt(requestEnd + 1) != ' ') return new ParsedLine.Malformed("no status");
        int status = status(line, statusStart);
        if (status < 0) return new ParsedLine.Malformed("status is not three digits");

        int bytesEnd = line.indexOf(' ', statusStart + 4);
        if (bytesEnd < 0 || bytesEnd + 1 >= line.length() || line.charAt(bytesEnd + 1) != '"') {
            return new ParsedLine.Malformed("no quoted referrer and user agent (is this the common log format?)");
        }
        int referrerEnd = closingQuote(line, bytesEnd + 2);
        if (referrerEnd < 0 || !line.startsWith(" \"", referrerEnd + 1)) return new ParsedLine.Malformed("no quoted user agent");
        int agentEnd = closingQuote(line, referrerEnd + 3);
        if (agentEnd < 0) return new ParsedLine.Malformed("unterminated user agent");

        String request = unescape(line, requestStart, requestEnd);
        String referrer = unescape(line, bytesEnd + 2, referrerEnd);
        String method = "";
        String target = "";
        int firstSpace = request.indexOf(' ');
        if (firstSpace > 0) {
            method = request.substring(0, firstSpace);
            int lastSpace = request.lastIndexOf(' ');
            target = lastSpace > firstSpace ? request.substring(firstSpace + 1, lastSpace) : request.substring(firstSpace + 1);
        }
        return new ParsedLine.Request(ip, time, method, target, status, referrer.equals("-") ? "" : referrer,
                unescape(line, referrerEnd + 3, agentEnd));
    }

    /**
     * Index of the quote closing a field that starts at {@code from}, skipping backslash-escaped quotes;
     * -1 if none. String.indexOf is vectorised, which matters: user agents are most of a line's bytes.
     */
    private static int closingQuote(String line, int from) {
        for (int quote = line.indexOf('"', from); quote >= 0; quote = line.indexOf('"', quote + 1)) {
            int backslashes = 0;
            while (quote - backslashes - 1 >= from && line.charAt(quote - backslashes - 1) == '\\') backslashes++;
            if (backslashes % 2 == 0) return quote;
        }
        return -1;
    }

    private static String unescape(String line, int from, int to) {
        int backslash = line.indexOf('\\', from);
        if (backslash < 0 || backslash >= to) return line.substring(from, to);
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < to && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) c = line.charAt(++i);
            out.append(c);
        }
        return out.toString();
    }

    private static int status(String line, int at) {
        int status = 0;
        for (int i = at; i < at + 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') return -1;
            status = status * 10 + (c - '0');
        }
        return at + 3 == line.length() || line.charAt(at + 3) == ' ' ? status : -1;
    }

    /** "10/Oct/2024:13:55:36 +0200" at {@code at} as UTC epoch seconds, or {@link #BAD_TIME}. */
    static long epochSecond(String s, int at) {
        int day = digits(s, at, 2);
        int month = month(s, at + 3);
        int year = digits(s, at + 7, 4);
        int hour = digits(s, at + 12, 2);
        int minute = digits(s, at + 15, 2);
        int second = digits(s, at + 18, 2);
        int zoneHours = digits(s, at + 22, 2);
        int zoneMinutes = digits(s, at + 24, 2);
        char sign = s.charAt(at + 21);
        if (day < 0 || month < 0 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 60 || zoneHours < 0 || zoneMinutes < 0 || (sign != '+' && sign != '-')
                || s.charAt(at + 2) != '/' || s.charAt(at + 6) != '/' || s.charAt(at + 11) != ':' || s.charAt(at + 20) != ' ') {
            return BAD_TIME;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            return BAD_TIME;
        }
        int offset = (sign == '-' ? -1 : 1) * (zoneHours * 3600 + zoneMinutes * 60);
        return epochDay * 86_400 + hour * 3600L + minute * 60L + Math.min(second, 59) - offset;
    }

    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int month(String s, int at) {
        for (int m = 0; m < MONTHS.length; m++) if (s.startsWith(MONTHS[m], at)) return m + 1;
        return -1;
    }
}
