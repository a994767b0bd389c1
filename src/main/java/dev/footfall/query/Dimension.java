package dev.footfall.query;

/** What a query can group by (and, time aside, filter on). */
public sealed interface Dimension {
    String apiName();

    /** Whether the dimension is a property of single events (so visit metrics cannot group by it). */
    boolean eventScoped();

    record Of(Attribute attribute) implements Dimension {
        public String apiName() { return attribute.apiName; }
        public boolean eventScoped() { return attribute.scope == Attribute.Scope.EVENT; }
    }

    /** event:goal — the goals an event reached (one event may reach several). */
    record Goal() implements Dimension {
        public String apiName() { return "event:goal"; }
        public boolean eventScoped() { return true; }
    }

    /** event:props:KEY — a custom property; events without it have the value {@link #NONE}. */
    record Prop(String key) implements Dimension {
        /** Plausible's label for an event that lacks the property. */
        public static final String NONE = "(none)";
        public String apiName() { return "event:props:" + key; }
        public boolean eventScoped() { return true; }
    }

    /** time:hour|day|week|month in the site's timezone. */
    record Time(Granularity granularity, String apiName) implements Dimension {
        public boolean eventScoped() { return false; }
    }

    enum Granularity { MINUTE, HOUR, DAY, WEEK, MONTH }
}
