package dev.footfall.retention;

import dev.footfall.site.Retention;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** What one run of the {@link RetentionJob} did, per site. */
public record RetentionReport(List<SiteReport> sites) {
    public RetentionReport {
        sites = List.copyOf(sites);
    }

    /** Whether a site failed (the others still ran). */
    public boolean failed() {
        return sites.stream().anyMatch(s -> s.failure().isPresent());
    }

    public long rowsMoved() {
        return sites.stream().mapToLong(SiteReport::rowsMoved).sum();
    }

    public long rowsDeleted() {
        return sites.stream().mapToLong(SiteReport::rowsDeleted).sum();
    }

    /**
     * @param archived months moved to the archive now, with their rows
     * @param waiting  months old enough to archive whose rollups are not built yet: they stay hot until they are
     * @param deleted  rows and archived months deleted by total retention
     * @param failure  why the site's run stopped, if it did
     */
    public record SiteReport(String domain, Retention retention, List<Archive.ArchivedMonth> archived, List<YearMonth> waiting,
                             Archive.Deleted deleted, Optional<String> failure) {
        public SiteReport {
            archived = List.copyOf(archived);
            waiting = List.copyOf(waiting);
        }

        public long rowsMoved() {
            return archived.stream().mapToLong(m -> m.events() + m.sessionRows()).sum();
        }

        public long rowsDeleted() {
            return deleted.events() + deleted.sessionRows();
        }

        /** One line for people: what was kept, moved and deleted. */
        public String summary() {
            if (failure.isPresent()) return domain + ": failed: " + failure.get();
            if (retention.equals(Retention.FOREVER)) return domain + ": keeps everything (no retention set)";
            StringBuilder line = new StringBuilder(domain).append(":");
            if (retention.rawRetentionDays().isPresent()) {
                line.append(" archived ").append(archived.size()).append(archived.size() == 1 ? " month" : " months");
                if (!archived.isEmpty()) {
                    line.append(" (").append(String.join(", ", archived.stream().map(m -> m.month().toString()).toList()))
                            .append("; ").append(archived.stream().mapToLong(Archive.ArchivedMonth::events).sum()).append(" events, ")
                            .append(archived.stream().mapToLong(Archive.ArchivedMonth::sessionRows).sum()).append(" session rows)");
                }
                if (!waiting.isEmpty()) {
                    line.append("; waiting for rollups: ").append(String.join(", ", waiting.stream().map(YearMonth::toString).toList()));
                }
                line.append(";");
            }
            if (retention.retentionDays().isPresent()) {
                line.append(" deleted ").append(deleted.events()).append(" events and ").append(deleted.sessionRows())
                        .append(" session rows older than ").append(retention.retentionDays().get()).append(" days")
                        .append(deleted.archivedMonths() > 0 ? " (" + deleted.archivedMonths() + " archived months)" : "").append(";");
            }
            return line.deleteCharAt(line.length() - 1).toString();
        }
    }
}
