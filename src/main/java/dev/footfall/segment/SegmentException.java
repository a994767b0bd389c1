package dev.footfall.segment;

/** A segment request refused; nothing was changed. The reason decides the HTTP status. */
public final class SegmentException extends RuntimeException {
    public enum Reason {
        /** A field cannot be accepted as given: {@link #field()} names it. */
        INVALID,
        /** No such segment on the site, or one the requester may not see (the two look the same). */
        NOT_FOUND,
        /** The requester sees the segment (or the site) but may not make or change it. */
        FORBIDDEN
    }

    private final Reason reason;
    private final String field;

    private SegmentException(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    static SegmentException invalid(String field, String problem) {
        return new SegmentException(Reason.INVALID, field, problem);
    }

    static SegmentException notFound(long id) {
        return new SegmentException(Reason.NOT_FOUND, null, "segment " + id + " not found");
    }

    static SegmentException forbidden(String why) {
        return new SegmentException(Reason.FORBIDDEN, null, why);
    }

    public Reason reason() {
        return reason;
    }

    /** The field at fault, for {@link Reason#INVALID}; null otherwise. */
    public String field() {
        return field;
    }
}
