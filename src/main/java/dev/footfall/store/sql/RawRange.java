package dev.footfall.store.sql;

/**
 * One site's rows of a raw relation in a time range (see {@link SiteRows}): every raw read names
 * the relation and bounds it by site and time, for the relation may hold more.
 *
 * @param relation the relation to read, from {@link Relations}
 * @param site     the site's domain as a literal
 * @param from     the range's start as a timestamp literal
 * @param until    the range's (exclusive) end as a timestamp literal
 */
record RawRange(String relation, String site, String from, String until) {
    /**
     * The rows of the site whose {@code timeColumn} lies in the range; {@code alias} qualifies the
     * columns unless it is empty.
     */
    String where(String alias, String timeColumn) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return prefix + "site = " + site + " AND " + prefix + timeColumn + " >= " + from + " AND " + prefix + timeColumn + " < " + until;
    }
}
