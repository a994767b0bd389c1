package dev.footfall.account;

/** A form field that cannot be accepted as given; nothing was changed. */
public final class InvalidInputException extends RuntimeException {
    private final String field;
    private final String problem;

    public InvalidInputException(String field, String problem) {
        super(field + " " + problem, null, false, false);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
