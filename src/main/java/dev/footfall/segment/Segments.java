package dev.footfall.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.query.QueryException;
import dev.footfall.query.QueryParser;
import dev.footfall.query.SegmentFilters;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A site's saved segments as Plausible keeps them: who sees which, who may make and change them,
 * and what a segment may hold. Members see the site segments and their own personal ones; a
 * viewer makes personal segments, an admin site ones too; a shared link or an API key sees the
 * site segments only. A segment's filters are checked by the Stats API's own parser, so a saved
 * segment is always a valid filter.
 */
public final class Segments {
    /** Plausible's bound on a name, in UTF-8 bytes: a label in a menu. */
    public static final int MAX_NAME_BYTES = 255;
    /** Plausible's bound on segment_data as JSON: a dashboard's filters take a few hundred bytes. */
    public static final int MAX_DATA_BYTES = 5 * 1024;
    /** Plausible's bound on the segments of one site, all owners together: a menu, not a store. */
    public static final int MAX_PER_SITE = 500;
    private static final Set<String> DATA_FIELDS = Set.of("filters", "labels");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SegmentStore store;
    private final SiteRegistry sites;
    private final Clock clock;

    public Segments(SegmentStore store, SiteRegistry sites, Clock clock) {
        this.store = store;
        this.sites = sites;
        this.clock = clock;
    }

    public List<Segment> visible(Site site, Requester who) {
        return store.segments(site.domain()).stream().filter(s -> sees(who, s)).toList();
    }

    /** Adds a segment; synchronized so that parallel requests cannot pass the per-site bound together. */
    public synchronized Segment create(Site site, Requester who, String name, String type, JsonNode data) {
        Requester.Member member = member(who);
        Segment.Type t = type(type);
        if (t == Segment.Type.SITE && !member.admin()) throw forbiddenSiteSegments();
        String checkedName = name(name);
        JsonNode checkedData = data(site, data);
        if (store.count(site.domain()) >= MAX_PER_SITE) {
            throw SegmentException.invalid("name", "cannot be added: the site has " + MAX_PER_SITE + " segments, the limit; delete some first");
        }
        return store.add(site.domain(), checkedName, t, checkedData, member.userId());
    }

    /** Changes the fields given (null: kept); the one who changes a segment becomes its owner, as on Plausible. */
    public Segment update(Site site, Requester who, long id, String name, String type, JsonNode data) {
        Requester.Member member = member(who);
        Segment segment = store.segment(site.domain(), id).filter(s -> sees(who, s)).orElseThrow(() -> SegmentException.notFound(id));
        Segment.Type t = type == null ? segment.type() : type(type);
        if ((segment.type() == Segment.Type.SITE || t == Segment.Type.SITE) && !member.admin()) throw forbiddenSiteSegments();
        String newName = name == null ? segment.name() : name(name);
        JsonNode newData = data == null ? segment.data() : data(site, data);
        return store.update(site.domain(), id, newName, t, newData, member.userId()).orElseThrow(() -> SegmentException.notFound(id));
    }

    public void delete(Site site, Requester who, long id) {
        Requester.Member member = member(who);
        Segment segment = store.segment(site.domain(), id).filter(s -> sees(who, s)).orElseThrow(() -> SegmentException.notFound(id));
        if (segment.type() == Segment.Type.SITE && !member.admin()) throw forbiddenSiteSegments();
        if (!store.delete(site.domain(), id)) throw SegmentException.notFound(id);
    }

    private static boolean sees(Requester who, Segment s) {
        return s.type() == Segment.Type.SITE || who instanceof Requester.Member m && m.userId() == s.ownerId();
    }

    private static Requester.Member member(Requester who) {
        if (who instanceof Requester.Member m) return m;
        throw SegmentException.forbidden("only the site's members may make or change segments: log in");
    }

    private static SegmentException forbiddenSiteSegments() {
        return SegmentException.forbidden("only the site's admins may make or change site segments; yours may be personal");
    }

    private static Segment.Type type(String type) {
        if ("personal".equals(type)) return Segment.Type.PERSONAL;
        if ("site".equals(type)) return Segment.Type.SITE;
        throw SegmentException.invalid("type", "must be \"personal\" or \"site\"");
    }

    private static String name(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) throw SegmentException.invalid("name", "must not be empty");
        if (trimmed.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw SegmentException.invalid("name", "must be at most " + MAX_NAME_BYTES + " bytes (UTF-8)");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) throw SegmentException.invalid("name", "must not contain control characters");
        return trimmed;
    }

    /**
     * Plausible's rules for segment_data: an object of filters (at least one, each a plain
     * [operator, dimension, values] condition, the dashboard's kind) and optional labels, at most
     * {@link #MAX_DATA_BYTES} as JSON; no segment inside a segment; and filters the Stats API
     * accepts for this site, checked by its own parser (with its bounds on values and patterns).
     */
    private JsonNode data(Site site, JsonNode data) {
        if (data == null || !data.isObject()) throw SegmentException.invalid("segment_data", "must be an object {\"filters\": [...], \"labels\": {...}}");
        for (var it = data.fieldNames(); it.hasNext(); ) {
            if (!DATA_FIELDS.contains(it.next())) throw SegmentException.invalid("segment_data", "must not contain any property but \"filters\" and \"labels\"");
        }
        int bytes;
        try {
            bytes = JSON.writeValueAsBytes(data).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SegmentException.invalid("segment_data", "cannot be written as JSON");
        }
        if (bytes > MAX_DATA_BYTES) throw SegmentException.invalid("segment_data", "must be at most " + MAX_DATA_BYTES + " bytes as JSON, not " + bytes);
        JsonNode filters = data.get("filters");
        if (filters == null || !filters.isArray() || filters.isEmpty()) {
            throw SegmentException.invalid("segment_data", "property \"filters\" must be an array with at least one member");
        }
        JsonNode labels = data.get("labels");
        if (labels != null && !labels.isNull() && !labels.isObject()) throw SegmentException.invalid("segment_data", "property \"labels\" must be an object or null");
        if (SegmentFilters.mentionsSegment(filters)) throw SegmentException.invalid("segment_data", "a segment's filters cannot contain a segment");
        for (JsonNode f : filters) {
            if (!f.isArray() || f.isEmpty() || List.of("and", "or", "not").contains(f.get(0).asText())) {
                throw SegmentException.invalid("segment_data", "Invalid filters. Deep filters are not supported (each filter is [operator, dimension, values]).");
            }
        }
        ObjectNode naive = JSON.createObjectNode();
        naive.put("site_id", site.domain());
        naive.putArray("metrics").add("visitors");
        naive.put("date_range", "day");
        naive.set("filters", filters);
        try {
            QueryParser.parse(naive, site, sites.goals(site.domain()), LocalDate.now(clock.withZone(site.timezone())), Optional::empty);
        } catch (QueryException e) {
            throw SegmentException.invalid("segment_data", e.getMessage());
        }
        return data.deepCopy();
    }
}
