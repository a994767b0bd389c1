package dev.footfall.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Location from the client IP, when a GeoIP database is configured. The IP itself goes no further. */
public final class GeoStep implements Step {
    private final Optional<GeoDatabase> database;

    public GeoStep(Optional<GeoDatabase> database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "geolocation";
    }

    @Override
    public void apply(EventDraft draft) {
        if (database.isEmpty() || draft.ip == null) return;
        try {
            // ip is a literal (validated by the ingest handler), so no DNS lookup happens here
            draft.location = database.get().locate(InetAddress.ofLiteral(draft.ip));
        } catch (IllegalArgumentException notALiteral) {
            // no location rather than no event
        }
    }
}
