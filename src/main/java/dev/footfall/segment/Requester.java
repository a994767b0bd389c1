package dev.footfall.segment;

/** Who asks for a site's segments. */
public sealed interface Requester {

    /** A logged-in account that sees the site: makes personal segments; its admins make site ones too. */
    record Member(long userId, boolean admin) implements Requester {}

    /** A shared link's visitor or an API key: sees the site segments, changes none. */
    record Guest() implements Requester {}
}
