package dev.footfall.segment;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** Where the sites' saved segments are kept; implemented by each storage engine. */
public interface SegmentStore {

    /** Every segment of the site, personal ones of all owners too, the last changed first. */
    List<Segment> segments(String domain);

    Optional<Segment> segment(String domain, long id);

    int count(String domain);

    Segment add(String domain, String name, Segment.Type type, JsonNode data, long ownerId);

    /** Replaces name, type and data, makes {@code ownerId} the owner, and stamps the change; empty when the segment is gone. */
    Optional<Segment> update(String domain, long id, String name, Segment.Type type, JsonNode data, long ownerId);

    boolean delete(String domain, long id);
}
